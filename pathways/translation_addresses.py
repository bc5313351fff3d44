"""Where a translation is: its address, the English address beside it, and the map of
translated slugs that language links and hreflang read.

An item's address in a language uses its translated slug, or the English one
while it has no published translation (that address is its notice page).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from pathways.models import Status, Translation, url_for

LANGUAGE = "es"  # the language a translation is in unless it says otherwise


def english_url(kind: str, slug: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return url_for(kind, slug)


def published_translations(language: str, kinds: Iterable[str] | None = None) -> Any:
    """The published translations in a language (of these kinds)."""
    qs = Translation.objects.filter(language=language, status=Status.PUBLISHED)
    return qs.filter(kind__in=list(kinds)) if kinds is not None else qs


def language_cache_key(language: str) -> str:
    # Its own counter, bumped whenever translations are rendered or withdrawn:
    # reading it costs no query (the content version may).
    return f"translations:{language}:{cache.get_or_set('translations:version', 1)}"


def forget_language_cache() -> None:
    try:
        cache.incr("translations:version")
    except ValueError:
        cache.set("translations:version", 2)


def translated_slugs(language: str = LANGUAGE) -> dict[str, str]:
    """'kind:english-slug' -> translated slug, for published translations (cached): the
    other language's address of a page, for language links and hreflang."""
    key = language_cache_key(language)
    found: dict[str, str] | None = cache.get(key)
    if found is None:
        found = {
            f"{kind}:{english}": slug
            for kind, english, slug in published_translations(language).values_list(
                "kind", "english_slug", "slug"
            )
        }
        cache.set(key, found, 3600)
    return found
