"""`load_content`: validate every file, then apply them in one transaction.

The three-way sync compares three hashes of canonical text: the file's, the
database row's, and the baseline (what was last loaded). Only a file change
on an item nobody edited in the admin is applied silently; an admin edit is
kept, and both changing at once is a conflict that is reported and left alone
unless `force` is given (the replaced text stays in the item's history).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from pathways.caching import bump_content_version
from pathways.content import translations
from pathways.content.canonical import content_hash, record_from_item
from pathways.content.checks import check_tree
from pathways.content.parsing import ContentError, ParsedItem, ParsedTree, parse_tree
from pathways.content.schema import Lines
from pathways.linking import (
    build_include_map,
    build_slug_map,
    render_item,
    rerender_linkers,
    save_rendered,
    store_links,
)
from pathways.lint.engine import lint_key
from pathways.models import (
    ITEM_MODELS,
    Article,
    Item,
    Page,
    Redirect,
    Source,
    SourceDomain,
    Stage,
    Status,
    Substance,
)
from pathways.rendering import SlugMap
from pathways.reviews import stale_review_warnings
from pathways.search import bump_search_version, index_item, missing_pins

# Blocks first: the pages that include them are rendered after every write.
KIND_ORDER = ["block", "stage", "substance", "term", "article", "crisis"]
PROGRESS_EVERY = 1000
RENDER_BATCH = 500
# Read only when a row's full text is needed (a changed file, or no kept hash).
LARGE_FIELDS = ["body", "body_html", "toc_html"]


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    in_sync: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    forced: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[ContentError] = field(default_factory=list)
    warnings: list[ContentError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def exit_code(self) -> int:
        if self.errors:
            return 1
        return 2 if self.conflicts else 0

    def summary(self) -> str:
        counts = [
            ("created", self.created),
            ("updated", self.updated),
            ("unchanged", self.unchanged),
            ("kept", self.kept),
            ("in sync", self.in_sync),
            ("conflicts", self.conflicts),
            ("removed", self.removed),
        ]
        return ", ".join(f"{name} {len(paths)}" for name, paths in counts)


Progress = Callable[[str], None]


def load_content(
    root: Path,
    *,
    dry_run: bool = False,
    force: bool = False,
    prune: bool = False,
    progress: Progress | None = None,
) -> LoadReport:
    tree = parse_tree(root)
    provided = {item.slug for item in tree.items}
    existing = {
        slug: kind
        for kind, model in ITEM_MODELS.items()
        for slug in model.objects.values_list("slug", flat=True)
        if slug not in provided
    }
    # A slug renamed in the admin still names its item until the file is renamed.
    for kind, old in Redirect.objects.values_list("kind", "old_slug"):
        existing.setdefault(old, kind)
    check_tree(tree, existing, already_linted(tree))
    # Translations (content/es/) are checked against the English tree; their
    # errors stop the load like the English ones.
    translated, out_of_date = translations.parse_and_check(tree, existing)
    if tree.errors:
        return LoadReport(errors=tree.errors, warnings=tree.warnings)
    # A review whose text changed since it was signed loads, marked stale (the
    # page says so); read before the records are written and let go.
    stale = stale_review_warnings(tree)
    with transaction.atomic():
        report = apply_tree(tree, force=force, prune=prune, progress=progress)
        translations.apply_translations(
            translated,
            report,
            force=force,
            prune=prune,
            english_written=bool(report.created or report.updated or report.removed),
        )
        report.dry_run = dry_run
        report.warnings = tree.warnings + [
            ContentError("content", 0, f"the crisis search pin '{slug}' finds no published article")
            for slug in missing_pins()
        ]
        report.warnings += stale
        report.warnings += out_of_date
        if dry_run:
            transaction.set_rollback(True)
    return report


def already_linted(tree: ParsedTree) -> set[tuple[str, str]]:
    """Items whose file is byte for byte what was last loaded and linted under the
    current rules: their stored findings stand, so a no-change load lints nothing."""
    wanted: dict[str, dict[str, str]] = {}
    for item in tree.items:
        if item.raw_hash:
            wanted.setdefault(item.kind, {})[item.slug] = lint_key(item.raw_hash)
    fresh: set[tuple[str, str]] = set()
    for kind, keys in wanted.items():
        rows = ITEM_MODELS[kind].objects.filter(slug__in=list(keys)).values_list("slug", "lint_key")
        fresh |= {(kind, slug) for slug, key in rows if key and key == keys.get(slug)}
    return fresh


def apply_tree(
    tree: ParsedTree, *, force: bool, prune: bool, progress: Progress | None = None
) -> LoadReport:
    report = LoadReport()
    sync_domains(tree.domains)
    # Items whose text changed, to render and relink, by model and primary key
    # only: holding 10,000 rows with their text would double the memory a
    # large load needs.
    written: dict[type[Item], list[int]] = {}
    written_slugs: set[str] = set()
    by_kind: dict[str, list[ParsedItem]] = {kind: [] for kind in KIND_ORDER}
    for item in tree.items:
        by_kind[item.kind].append(item)

    done = 0
    for kind in KIND_ORDER:
        model = ITEM_MODELS[kind]
        # Rows without their relations: most files are unchanged and their
        # rows are only compared by hash. Relations are read for the few that
        # need their full text (record_from_item).
        rows = {row.slug: row for row in model.objects.defer(*LARGE_FIELDS)}
        renamed = dict(Redirect.objects.filter(kind=kind).values_list("old_slug", "new_slug"))
        refs = references()
        for parsed in by_kind[kind]:
            row = rows.get(parsed.slug)
            if row is None and parsed.slug in renamed:
                row = rows.get(renamed[parsed.slug])
            record = dict(parsed.record, slug=parsed.slug)
            if row is not None and parsed.raw_hash and parsed.raw_hash == row.baseline_hash:
                file_hash = row.baseline_hash  # byte for byte what was last loaded
            else:
                file_hash = content_hash(kind, record)
            if row is None:
                row = model(slug=parsed.slug)
                write(row, parsed, record, file_hash, refs)
                report.created.append(parsed.path)
                outcome = "created"
            else:
                outcome = sync_one(row, parsed, record, file_hash, refs, force)
                getattr(report, outcome).append(label(parsed))
            if outcome in {"created", "updated", "forced"}:
                written.setdefault(model, []).append(row.pk)
                written_slugs.add(row.slug)
            elif outcome in {"unchanged", "in_sync"} and "lint_findings" in record:
                # The text is the file's, but the lint's rules may have changed.
                findings = record["lint_findings"]
                key = lint_key(parsed.raw_hash)
                if (row.lint_findings, row.lint_key) != (findings, key):
                    model.objects.filter(pk=row.pk).update(lint_findings=findings, lint_key=key)
            # The text now lives in the database; only the slug is needed later.
            parsed.record, parsed.lines = {}, Lines()
            rows.pop(row.slug, None)
            done += 1
            if progress and done % PROGRESS_EVERY == 0:
                progress(f"{done} of {len(tree.items)} items read")
    report.updated.extend(report.forced)

    if prune:
        provided = {(item.kind, item.slug) for item in tree.items}
        for kind in KIND_ORDER:
            for row in (
                ITEM_MODELS[kind].objects.filter(status=Status.PUBLISHED).exclude(source_path="")
            ):
                if (kind, row.slug) not in provided:
                    row.status = Status.DRAFT
                    row._change_reason = "load_content --prune"
                    row.save()
                    report.removed.append(row.source_path)
                    written.setdefault(ITEM_MODELS[kind], []).append(row.pk)
                    written_slugs.add(row.slug)

    slugs = render_written(written, progress)
    rerender_linkers(written_slugs, slugs, skip=written_slugs)
    if written:
        bump_search_version()
        bump_content_version()
    return report


def render_written(written: dict[type[Item], list[int]], progress: Progress | None) -> SlugMap:
    """Render, relink and index every written item, a batch of rows at a time.

    Returns the slug map it rendered with, for re-rendering the linkers.
    """
    slugs = build_slug_map()
    blocks = build_include_map()
    total = sum(len(pks) for pks in written.values())
    count = 0
    for model, pks in written.items():
        for start in range(0, len(pks), RENDER_BATCH):
            rows = model.objects.filter(pk__in=pks[start : start + RENDER_BATCH])
            for row in rows.prefetch_related("sources"):
                targets = render_item(row, slugs, blocks)
                save_rendered(row)
                store_links(row, targets)
                index_item(row, bump=False)
                count += 1
                if progress and count % PROGRESS_EVERY == 0:
                    progress(f"{count} of {total} items rendered")
    return slugs


def label(parsed: ParsedItem) -> str:
    return parsed.path if parsed.kind != "term" else f"{parsed.path} ({parsed.slug})"


def sync_one(
    row: Item,
    parsed: ParsedItem,
    record: dict[str, Any],
    file_hash: str,
    refs: dict[str, dict[str, Any]],
    force: bool,
) -> str:
    """Apply the three-way table to one existing row; return the outcome's name."""
    base = row.baseline_hash
    if file_hash == base:
        # Nothing will be written, so the hash the app keeps for the row is
        # enough to tell "unchanged" from "kept".
        db_hash = row.current_hash or content_hash(parsed.kind, record_from_item(row))
        return "unchanged" if db_hash == base else "kept"
    # Something may be written: compare against the row's actual text.
    db_hash = content_hash(parsed.kind, record_from_item(row))
    if db_hash == base:
        write(row, parsed, record, file_hash, refs)
        return "updated"
    if file_hash == db_hash:
        type(row).objects.filter(pk=row.pk).update(baseline_hash=file_hash, current_hash=file_hash)
        return "in_sync"
    if force:
        write(row, parsed, record, file_hash, refs, reason="load_content --force")
        return "forced"
    return "conflicts"


def prefetched(model: type[Item]) -> list[Any]:
    qs = model.objects.prefetch_related("sources")
    if issubclass(model, Article):
        qs = qs.select_related("stage").prefetch_related("substances")
    return list(qs)


def references() -> dict[str, dict[str, Any]]:
    return {
        "stage": {s.slug: s for s in Stage.objects.all()},
        "substance": {s.slug: s for s in Substance.objects.all()},
    }


def write(
    row: Item,
    parsed: ParsedItem,
    record: dict[str, Any],
    file_hash: str,
    refs: dict[str, dict[str, Any]],
    reason: str = "load_content",
) -> None:
    """Copy a record onto a row and save it (keeping a revision), with its relations."""
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
    # The medical-safety lint's findings on the file (checks.lint_tree), for the
    # dashboard, and the file's reasoned exceptions to its rules.
    row.lint_findings = record.get("lint_findings") or []
    row.lint_key = lint_key(parsed.raw_hash) if "lint_findings" in record else ""
    row.lint_exceptions = record.get("lint_exceptions") or []
    if hasattr(row, "also_called"):
        row.also_called = record["also_called"]
    if isinstance(row, Page):
        row.summary = record["summary"]
        row.featured = record["featured"]
        row.valid_until = record["valid_until"]
        review = record["clinical_review"] or {}
        row.reviewed_by = review.get("by", "")
        row.reviewed_on = review.get("date")
        row.reviewed_hash = review.get("hash", "")
    if isinstance(row, Stage):
        row.number = parsed.number or 0
        row.duration = record["duration"]
        row.who = record["who"]
        row.questions = record["questions"]
    elif isinstance(row, Substance):
        row.stage_notes = record["stage_notes"]
    elif isinstance(row, Article):
        row.stage = refs["stage"].get(record["stage"]) if record["stage"] else None
    if row.pk:
        row.version += 1
    row._change_reason = reason  # type: ignore[attr-defined]
    row.save()
    if isinstance(row, Article):
        row.substances.set([refs["substance"][slug] for slug in record["substances"]])
    if "sources" in record:
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
            for i, source in enumerate(record["sources"])
        )


def sync_domains(domains: list[str]) -> None:
    current = set(SourceDomain.objects.values_list("domain", flat=True))
    if current != set(domains):
        SourceDomain.objects.all().delete()
        SourceDomain.objects.bulk_create(SourceDomain(domain=d) for d in sorted(set(domains)))
