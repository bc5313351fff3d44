"""Out-of-date translations: the English text changed after the translation was made.

A translation is out of date when the English item's reader-text hash
(`pathways.content.format.texthash.reader_text_hash`) differs from the hash the
translation was made from (`source_hash`). Only the overdose steps may never
be out of date: the loader refuses that, and so does the admin.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pathways.content.format.texthash import reader_text_hash
from pathways.content.format.translated import STALE_NOTICE
from pathways.models import ITEM_MODELS, Item, Translation
from pathways.translation_addresses import LANGUAGE


def english_hash(item: Item) -> str:
    """The English item's reader-text hash: what a translation made from it records."""
    from pathways.content.sync.records import record_from_item

    return reader_text_hash(record_from_item(item))


def is_stale(tr: Translation, english: Item) -> bool:
    return english_hash(english) != tr.source_hash


def english_item(tr: Translation) -> Item | None:
    """The English item a translation translates, with its sources (None: no such kind)."""
    model = ITEM_MODELS.get(tr.kind)
    if model is None:
        return None
    return model.objects.filter(slug=tr.english_slug).prefetch_related("sources").first()


@dataclass
class StaleTranslation:
    translation: Translation
    english: Item
    english_hash: str

    @property
    def label(self) -> str:
        tr, item = self.translation, self.english
        when = item.updated.isoformat() if item.updated else "undated"
        return (
            f"{tr.source_path or tr.slug}: {STALE_NOTICE} "
            f"(the English {item.kind} '{item.slug}' changed; updated {when})"
        )


def stale_translations(language: str = LANGUAGE) -> list[StaleTranslation]:
    """Translations whose English text changed after they were made."""
    from pathways.content.sync.records import prefetched

    found: list[StaleTranslation] = []
    rows = list(Translation.objects.filter(language=language))
    wanted: dict[str, set[str]] = {}
    for tr in rows:
        wanted.setdefault(tr.kind, set()).add(tr.english_slug)
    english: dict[tuple[str, str], Item] = {}
    for kind, slugs in wanted.items():
        model = ITEM_MODELS.get(kind)
        if model is None:
            continue
        for item in prefetched(model):
            if item.slug in slugs:
                english[(kind, item.slug)] = item
    for tr in rows:
        item = english.get((tr.kind, tr.english_slug))
        if item is None:
            continue
        current = english_hash(item)
        if current != tr.source_hash:
            found.append(StaleTranslation(tr, item, current))
    return found


def translated_from_text(stale: StaleTranslation) -> str | None:
    """The English body the translation was made from: the revision whose reader hash is
    the translation's source_hash (None when history no longer has it)."""
    from pathways.content.format.parsing import normalize_body
    from pathways.content.sync.records import source_record

    english = stale.english
    sources = [source_record(s) for s in english.sources.all()]
    history = getattr(english, "history", None)
    if history is None:
        return None
    for old in history.order_by("-history_date")[:50]:
        record: dict[str, Any] = {
            name: getattr(old, name, "")
            for name in ("title", "link_text", "summary", "body", "duration", "who")
        }
        for name in ("questions", "stage_notes", "also_called"):
            record[name] = getattr(old, name, None) or ([] if name != "stage_notes" else {})
        record["sources"] = sources
        record["body"] = normalize_body(record["body"] or "")
        if reader_text_hash(record) == stale.translation.source_hash:
            return str(old.body)
    return None


def out_of_date_with_diffs(language: str = LANGUAGE) -> list[dict[str, Any]]:
    """For the dashboard: each out-of-date translation, with a diff of the English change."""
    from pathways.admin.diffs import word_diff

    rows = []
    for stale in stale_translations(language):
        before = translated_from_text(stale)
        rows.append(
            {
                "translation": stale.translation,
                "english": stale.english,
                "diff": word_diff(before, stale.english.body) if before is not None else None,
            }
        )
    return rows
