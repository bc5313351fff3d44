"""Language links and hreflang alternates, and item addresses in the page's language."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from pathways.models.translations import translated_url
from pathways.translation_addresses import LANGUAGE, translated_slugs

register = template.Library()
ITEM_PAGES = {"article", "stage", "substance"}


def english_active() -> bool:
    return (translation.get_language() or settings.LANGUAGE_CODE) == settings.LANGUAGE_CODE


@register.simple_tag
def item_url(kind: str, english_slug: str) -> str:
    """The address of an English item in the page's language (its translation, or its notice)."""
    if english_active():
        return translated_url(kind, english_slug, settings.LANGUAGE_CODE)
    lang = translation.get_language() or LANGUAGE
    slug = translated_slugs(lang).get(f"{kind}:{english_slug}", english_slug)
    return translated_url(kind, slug, lang)


@register.simple_tag(takes_context=True)
def language_alternates(context: Any) -> dict[str, Any]:
    """{en, es, es_is_page, here, other_url, other_lang}: where this page is in each language.

    Spanish views put `alternate_en` (and `alternate_es`: None on a notice page)
    in the context; English pages are worked out from the address.
    """
    request = context.get("request")
    path = request.path if request is not None else "/"
    match = getattr(request, "resolver_match", None)
    if not english_active():
        en = context.get("alternate_en")
        es = context.get("alternate_es", path) if "alternate_en" in context else None
        if en is None:
            en = translate_url(path, settings.LANGUAGE_CODE) if match else "/"
            es = path if match else None
        return {
            "en": en,
            "es": es,
            "es_is_page": es is not None,
            "other_url": en,
            "other_lang": "en",
            "here": "es",
        }
    if match is None or (request is not None and request.path.startswith("/admin/")):
        return {
            "en": None,
            "es": None,
            "es_is_page": False,
            "other_url": "/es/",
            "other_lang": "es",
            "here": "en",
        }
    name = match.url_name or ""
    slug = match.kwargs.get("slug")
    if name in ITEM_PAGES and slug:
        # Read with the crisis box (context_processors.site): no query of its own.
        box = context.get("crisis")
        box = box() if callable(box) else box
        if box is not None and hasattr(box, "spanish_slug"):
            spanish = box.spanish_slug
        else:
            spanish = translated_slugs(LANGUAGE).get(f"{name}:{slug}")
        es = translated_url(name, spanish or slug, LANGUAGE)
        is_page = spanish is not None
    else:
        es = translate_url(path, LANGUAGE)
        is_page = es != path
    return {
        "en": path,
        "es": es,
        "es_is_page": is_page,
        "other_url": es,
        "other_lang": "es",
        "here": "en",
    }
