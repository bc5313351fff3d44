"""Translations: taking a withdrawn English item's translations off the site.

A translation is its own row (`models.Translation`) keyed by (language, slug),
naming the English item it translates by (kind, english_slug). The rest of the
work is split by job:

- translation_addresses: an item's address in a language, the English address,
  the published translations, and the cached map of translated slugs;
- translation_rendering: the slug and include maps a translated body links
  through, rendering and re-rendering translations;
- translation_staleness: which translations are out of date with their English
  text, and what changed;
- content.format.translated: the languages, the block that is never out of
  date, and how an out-of-date translation is reported.

Withdrawing is here: it touches the search index and the slug map together.
"""

from __future__ import annotations

from pathways.models import Status, Translation
from pathways.translation_addresses import forget_language_cache


def withdraw_translations(kind: str, slug: str, reason: str) -> int:
    """The English item is gone or unpublished: its translations come off the site."""
    from pathways.search.spanish import forget_translation

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
