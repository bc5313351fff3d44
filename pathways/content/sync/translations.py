"""Loading translations (content/<language>/) inside load_content's transaction.

The same three-way sync as the English items, against `Translation` rows
keyed by (language, kind, English slug); then every language's pages are
rendered again when any translation or any English item was written.
"""

from __future__ import annotations

from pathways.content.format.canonical import content_hash
from pathways.content.format.translated import LANGUAGES, TRANSLATED
from pathways.content.format.tree import ParsedTranslation
from pathways.content.sync.batch import Sync, label
from pathways.content.sync.records import record_from_translation
from pathways.content.sync.rows import write_translation
from pathways.models import Status, Translation


def apply_translations(sync: Sync, parsed: list[ParsedTranslation], english_written: bool) -> None:
    """The three-way sync for translations, then render and index them."""
    from pathways.translation_rendering import rerender_translations

    report = sync.report
    written = False
    provided: set[int] = set()
    rows = {
        (tr.language, tr.kind, tr.english_slug): tr
        for tr in Translation.objects.prefetch_related("sources")
    }
    for p in parsed:
        item = p.item
        record = dict(item.record, slug=item.slug)
        file_hash = content_hash(item.kind, record, TRANSLATED)
        row = rows.get((p.language, item.kind, p.english_slug))
        name = label(item)
        if row is None:
            row = Translation(language=p.language, kind=item.kind, english_slug=p.english_slug)
            write_translation(row, item, record, file_hash, sync.reason)
            report.created.append(item.path)
            written = True
        else:
            base = row.baseline_hash
            db_hash = content_hash(item.kind, record_from_translation(row), TRANSLATED)
            if file_hash == base:
                getattr(report, "unchanged" if db_hash == base else "kept").append(name)
            elif db_hash == base:
                write_translation(row, item, record, file_hash, sync.reason)
                report.updated.append(name)
                written = True
            elif file_hash == db_hash:
                Translation.objects.filter(pk=row.pk).update(
                    baseline_hash=file_hash, current_hash=file_hash
                )
                report.in_sync.append(name)
            elif sync.force:
                write_translation(row, item, record, file_hash, sync.forced_reason)
                report.updated.append(name)
                written = True
            else:
                report.conflicts.append(name)
        provided.add(row.pk)
    if sync.prune:
        written = prune_translations(sync, provided) or written
    if written or english_written:
        for language in LANGUAGES:
            rerender_translations(language)


def prune_translations(sync: Sync, provided: set[int]) -> bool:
    """Unpublish (never delete) loaded translations whose files are gone; any?"""
    pruned = False
    for tr in Translation.objects.filter(language__in=LANGUAGES, status=Status.PUBLISHED).exclude(
        source_path=""
    ):
        if tr.pk not in provided:
            tr.status = Status.DRAFT
            setattr(tr, "_change_reason", sync.pruned_reason)  # noqa: B010
            tr.save()
            sync.report.removed.append(tr.source_path)
            pruned = True
    return pruned


def refresh_current_hash(tr: Translation) -> None:
    """Keep the hash of a translation row's own text after an admin save."""
    tr.current_hash = content_hash(tr.kind, record_from_translation(tr), TRANSLATED)
    Translation.objects.filter(pk=tr.pk).update(current_hash=tr.current_hash)
