"""Translations: the Spanish site's addresses, slug map, rendering and staleness.

A translation is its own row (`models.Translation`) keyed by (language, slug),
naming the English item it translates by (kind, english_slug). The work is
split by job, and every name is importable from here:

- translation_addresses: an item's address in a language, the English address,
  the published translations, and the cached map of translated slugs;
- translation_rendering: the slug and include maps a translated body links
  through, rendering and re-rendering translations;
- translation_staleness: which translations are out of date with their English
  text, and what changed.

Withdrawing is here: it touches the search index and the slug map together.
"""

from __future__ import annotations

from pathways.models import Status, Translation
from pathways.translation_addresses import (
    LANGUAGE,
    LANGUAGES,
    english_url,
    forget_language_cache,
    language_cache_key,
    published_translations,
    translated_slugs,
    translated_url,
)
from pathways.translation_rendering import (
    PAGE_KINDS,
    build_translation_include_map,
    build_translation_slug_map,
    english_status_map,
    inline_title,
    localize_markup,
    render_translation,
    rerender_translations,
    save_translation_rendered,
    translated_block_sources,
    translation_citations,
)
from pathways.translation_staleness import (
    ALWAYS_CURRENT_BLOCK,
    STALE_NOTICE,
    StaleTranslation,
    english_hash,
    english_item,
    is_stale,
    out_of_date_with_diffs,
    stale_translations,
    translated_from_text,
)

__all__ = [
    "ALWAYS_CURRENT_BLOCK",
    "LANGUAGE",
    "LANGUAGES",
    "PAGE_KINDS",
    "STALE_NOTICE",
    "StaleTranslation",
    "build_translation_include_map",
    "build_translation_slug_map",
    "english_hash",
    "english_item",
    "english_status_map",
    "english_url",
    "forget_language_cache",
    "inline_title",
    "is_stale",
    "language_cache_key",
    "localize_markup",
    "out_of_date_with_diffs",
    "published_translations",
    "render_translation",
    "rerender_translations",
    "save_translation_rendered",
    "stale_translations",
    "translated_block_sources",
    "translated_from_text",
    "translated_slugs",
    "translated_url",
    "translation_citations",
    "withdraw_translations",
]


def withdraw_translations(kind: str, slug: str, reason: str) -> int:
    """The English item is gone or unpublished: its translations come off the site."""
    from pathways.translation_search import forget_translation

    count = 0
    for tr in Translation.objects.filter(kind=kind, english_slug=slug):
        forget_translation(tr)
        if tr.status == Status.PUBLISHED:
            tr.status = Status.DRAFT
            setattr(tr, "_change_reason", reason)  # noqa: B010
            tr.save()
            count += 1
    forget_language_cache()
    return count
