"""Records onto rows: what a load saves for an item or a translation it writes.

Every save keeps a revision (django-simple-history) with the load's reason,
so a forced load never loses the text it replaces.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pathways.content.format.parsing import ParsedItem
from pathways.content.format.schema import ENGLISH, RECORD_KEYS, REFERENCES, SLUG_LISTS
from pathways.content.sync.batch import Sync
from pathways.kinds import KINDS
from pathways.lint import lint_key
from pathways.models import ITEM_MODELS, Item, Source, Translation

# Set on every row whatever its kind, before the schema's own fields.
COMMON_FIELDS = {
    "slug",
    "title",
    "link_text",
    "body",
    "status",
    "updated",
    "review_due",
    "lint_exceptions",
}
# Saved with the row's relations, after the row itself.
AFTER_SAVE = {"sources", *REFERENCES}


def references() -> dict[str, dict[str, Any]]:
    """kind -> slug -> row for every kind a field can name (stages, substances)."""
    return {
        kind: {r.slug: r for r in ITEM_MODELS[kind].objects.all()}
        for kind in set(REFERENCES.values())
    }


def write_item(
    sync: Sync,
    row: Item,
    parsed: ParsedItem,
    record: dict[str, Any],
    file_hash: str,
    reason: str = "",
) -> None:
    """Copy a record onto a row and save it (keeping a revision, with the load's reason
    unless another is given), with its relations."""
    spec = KINDS[parsed.kind]
    schema = ENGLISH.schema(parsed.kind)
    row.title = record["title"]
    row.link_text = record.get("link_text") or ""
    row.body = record["body"]
    row.status = record["status"]
    row.updated = record.get("updated")
    row.review_due = record.get("review_due")
    if row.slug == parsed.slug:  # a renamed item keeps the path of its new slug
        row.source_path = parsed.path
    row.baseline_hash = file_hash
    row.current_hash = file_hash
    # The medical-safety lint's findings on the file (format.checks.lint_tree), for
    # the dashboard, and the file's reasoned exceptions to its rules.
    row.lint_findings = record.get("lint_findings") or []
    row.lint_key = lint_key(parsed.raw_hash) if "lint_findings" in record else ""
    row.lint_exceptions = record.get("lint_exceptions") or []
    if spec.numbered:
        setattr(row, "number", parsed.number or 0)  # noqa: B010
    for key in schema:
        name = RECORD_KEYS.get(key, key)
        if name in COMMON_FIELDS or name in AFTER_SAVE:
            continue
        if name == "clinical_review":
            review = record["clinical_review"] or {}
            setattr(row, "reviewed_by", review.get("by", ""))  # noqa: B010
            setattr(row, "reviewed_on", review.get("date"))  # noqa: B010
            setattr(row, "reviewed_hash", review.get("hash", ""))  # noqa: B010
        else:
            setattr(row, name, record[name])
    # A field naming one item is set before the save, one naming many after it.
    named = [key for key in REFERENCES if key in schema]
    for key in named:
        if key not in SLUG_LISTS:
            value = record[key]
            setattr(row, key, sync.refs[REFERENCES[key]].get(value) if value else None)
    if row.pk:
        row.version += 1
    row._change_reason = reason or sync.reason  # type: ignore[attr-defined]
    row.save()
    for key in SLUG_LISTS.intersection(named):
        getattr(row, key).set([sync.refs[REFERENCES[key]][slug] for slug in record[key]])
    if "sources" in schema:
        write_sources(row, record["sources"])


def write_translation(
    row: Translation, parsed: ParsedItem, record: dict[str, Any], file_hash: str, reason: str
) -> None:
    """Copy a translation's record onto its row and save it (keeping a revision)."""
    row.slug = parsed.slug
    row.source_hash = record["source_hash"]
    row.translated = record.get("translated")
    row.title = record["title"]
    row.link_text = record.get("link_text") or ""
    row.summary = record.get("summary") or ""
    row.body = record["body"]
    row.also_called = record.get("also_called") or []
    row.duration = record.get("duration") or ""
    row.who = record.get("who") or ""
    row.questions = record.get("questions") or []
    row.stage_notes = record.get("stage_notes") or {}
    row.status = record.get("status") or "published"
    row.updated = record.get("updated")
    row.review_due = record.get("review_due")
    row.valid_until = record.get("valid_until")
    row.source_path = parsed.path
    row.baseline_hash = file_hash
    row.current_hash = file_hash
    if row.pk:
        row.version += 1
    setattr(row, "_change_reason", reason)  # noqa: B010
    row.save()
    if KINDS[parsed.kind].has_sources:
        write_sources(row, record.get("sources") or [])


def write_sources(row: Any, sources: Iterable[dict[str, Any]]) -> None:
    """Replace a row's sources with these, in order."""
    row.sources.all().delete()
    Source.objects.bulk_create(
        Source(
            item=row,
            position=i,
            key=source["id"],
            title=source["title"],
            publisher=source["publisher"],
            url=source["url"],
            edition=source.get("edition") or "",
            published=source.get("published"),
            checked=source.get("checked"),
        )
        for i, source in enumerate(sources)
    )
