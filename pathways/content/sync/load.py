"""`load_content`: validate every file, then apply them in one transaction.

The three-way sync compares three hashes of canonical text: the file's, the
database row's, and the baseline (what was last loaded). Only a file change
on an item nobody edited in the admin is applied silently; an admin edit is
kept, and both changing at once is a conflict that is reported and left alone
unless `force` is given (the replaced text stays in the item's history).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from pathways.content.format.canonical import content_hash
from pathways.content.format.checks import check_tree
from pathways.content.format.fields import Lines
from pathways.content.format.parsing import ContentError, ParsedItem, ParsedTree
from pathways.content.format.translation_checks import parse_and_check
from pathways.content.format.tree import parse_tree
from pathways.content.sync.batch import LoadReport, Progress, Sync, label
from pathways.content.sync.publish import publish_written
from pathways.content.sync.records import record_from_item
from pathways.content.sync.rows import references, write_item
from pathways.content.sync.translations import apply_translations
from pathways.kinds import LOAD_ORDER
from pathways.lint import lint_key
from pathways.models import ITEM_MODELS, Item, Redirect, SourceDomain, Status
from pathways.publishing import batch
from pathways.reviews import stale_review_warnings
from pathways.search import missing_pins

# Read only when a row's full text is needed (a changed file, or no kept hash).
LARGE_FIELDS = ["body", "body_html", "toc_html"]


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
    translated, out_of_date = parse_and_check(tree, existing)
    if tree.errors:
        return LoadReport(errors=tree.errors, warnings=tree.warnings)
    # A review whose text changed since it was signed loads, marked stale (the
    # page says so); read before the records are written and let go.
    stale = stale_review_warnings(tree)
    sync = Sync(force=force, prune=prune, progress=progress)
    report = sync.report
    with transaction.atomic():
        # Each row written is handed to the publishing core as it is saved;
        # the batch publishes them together (`publish.publish_written`).
        with batch():
            apply_tree(sync, tree)
        english_written = bool(report.created or report.updated or report.removed)
        apply_translations(sync, translated, english_written)
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


def apply_tree(sync: Sync, tree: ParsedTree) -> None:
    """Write the tree's items, kind by kind, then render what was written."""
    sync_domains(tree.domains)
    by_kind: dict[str, list[ParsedItem]] = {kind: [] for kind in LOAD_ORDER}
    for item in tree.items:
        by_kind[item.kind].append(item)
    done = 0
    for kind in LOAD_ORDER:
        model = ITEM_MODELS[kind]
        # Rows without their relations: most files are unchanged and their
        # rows are only compared by hash. Relations are read for the few that
        # need their full text (record_from_item).
        rows = {row.slug: row for row in model.objects.defer(*LARGE_FIELDS)}
        renamed = dict(Redirect.objects.filter(kind=kind).values_list("old_slug", "new_slug"))
        sync.refs = references()  # the kinds written before this one included
        for parsed in by_kind[kind]:
            row = rows.get(parsed.slug)
            if row is None and parsed.slug in renamed:
                row = rows.get(renamed[parsed.slug])
            row = apply_item(sync, model, row, parsed)
            rows.pop(row.slug, None)
            done += 1
            sync.tick(done, len(tree.items), "read")
    sync.report.updated.extend(sync.report.forced)
    if sync.prune:
        prune(sync, {(item.kind, item.slug) for item in tree.items})
    publish_written(sync)


def apply_item(sync: Sync, model: type[Item], row: Item | None, parsed: ParsedItem) -> Item:
    """The three-way sync for one file's item, with its outcome on the report; its row."""
    record = dict(parsed.record, slug=parsed.slug)
    if row is not None and parsed.raw_hash and parsed.raw_hash == row.baseline_hash:
        file_hash = row.baseline_hash  # byte for byte what was last loaded
    else:
        file_hash = content_hash(parsed.kind, record)
    if row is None:
        row = model(slug=parsed.slug)
        write_item(sync, row, parsed, record, file_hash)
        sync.report.created.append(parsed.path)
        outcome = "created"
    else:
        outcome = sync_one(sync, row, parsed, record, file_hash)
        getattr(sync.report, outcome).append(label(parsed))
    if outcome in {"unchanged", "in_sync"} and "lint_findings" in record:
        # The text is the file's, but the lint's rules may have changed.
        findings = record["lint_findings"]
        key = lint_key(parsed.raw_hash)
        if (row.lint_findings, row.lint_key) != (findings, key):
            model.objects.filter(pk=row.pk).update(lint_findings=findings, lint_key=key)
    # The text now lives in the database; only the slug is needed later.
    parsed.record, parsed.lines = {}, Lines()
    return row


def sync_one(
    sync: Sync, row: Item, parsed: ParsedItem, record: dict[str, Any], file_hash: str
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
        write_item(sync, row, parsed, record, file_hash)
        return "updated"
    if file_hash == db_hash:
        type(row).objects.filter(pk=row.pk).update(baseline_hash=file_hash, current_hash=file_hash)
        return "in_sync"
    if sync.force:
        write_item(sync, row, parsed, record, file_hash, sync.forced_reason)
        return "forced"
    return "conflicts"


def prune(sync: Sync, provided: set[tuple[str, str]]) -> None:
    """Unpublish (never delete) the loaded items whose files are gone."""
    for kind in LOAD_ORDER:
        model = ITEM_MODELS[kind]
        for row in model.objects.filter(status=Status.PUBLISHED).exclude(source_path=""):
            if (kind, row.slug) not in provided:
                row.status = Status.DRAFT
                row._change_reason = sync.pruned_reason
                row.save()
                sync.report.removed.append(row.source_path)


def sync_domains(domains: list[str]) -> None:
    current = set(SourceDomain.objects.values_list("domain", flat=True))
    if current != set(domains):
        SourceDomain.objects.all().delete()
        SourceDomain.objects.bulk_create(SourceDomain(domain=d) for d in sorted(set(domains)))
