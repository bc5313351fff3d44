"""The public pages in another language (Spanish, under /es/), on the English templates.

The URL patterns are the English ones inside `i18n_patterns`, with translated
paths; each English view hands a request in another language to the view of
the same name here (`views.localized`). A page shows its translation with the
English item's structure (stage, drugs, order): see translation_items. An
item with no published translation gets a notice page, in the reader's
language, that links to the English page: never a 404, never English text
presented as Spanish. What each page reads is built in translation_pages.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from pathways.content.format.translated import LANGUAGES
from pathways.feeds import RecentlyUpdated
from pathways.models import Article
from pathways.ratelimit import over_limit
from pathways.translation_addresses import published_translations
from pathways.translation_items import Localized
from pathways.translation_pages import (
    ITEM_PAGES,
    english_url_name,
    find,
    front_lists,
    glossary_context,
    language,
    page_context,
    pathway_context,
)

logger = logging.getLogger(__name__)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    stages, featured = front_lists(language())
    context = page_context(request, english_url_name("home"), stages=stages, featured=featured)
    return render(request, "pathways/home.html", context)


@require_safe
def pathway(request: HttpRequest) -> HttpResponse:
    extra = pathway_context(request, language())
    context = page_context(request, english_url_name("pathway"), **extra)
    return render(request, "pathways/pathway.html", context)


def item_page(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    """A stage, article or drug page: its translation, its notice, a redirect or a 404."""
    lang = language()
    page = ITEM_PAGES[kind]
    found = find(kind, slug, lang, page.rows())
    if isinstance(found, HttpResponse):
        return found
    english, tr = found
    item = Localized(english, tr, lang)
    if tr is None:
        # No translation yet: say so, and link to the English page.
        context = page_context(
            request, item.english_url, item=item, untranslated_notice=True, alternate_es=None
        )
        return render(request, "pathways/untranslated.html", context)
    extra = page.context(english, item, lang)
    context = page_context(request, item.english_url, item=item, **extra)
    return render(request, f"pathways/{kind}.html", context)


def item_view(kind: str) -> Callable[[HttpRequest, str], HttpResponse]:
    """The view of one kind's pages, named as the English view that hands it requests."""

    @require_safe
    def view(request: HttpRequest, slug: str) -> HttpResponse:
        return item_page(request, kind, slug)

    view.__name__ = view.__qualname__ = kind
    return view


stage = item_view("stage")
article = item_view("article")
substance = item_view("substance")


@require_safe
def glossary(request: HttpRequest) -> HttpResponse:
    context = page_context(request, english_url_name("glossary"), **glossary_context(language()))
    return render(request, "pathways/glossary.html", context)


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "pathways/about.html", page_context(request, english_url_name("about")))


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    from pathways.search import spanish

    lang = language()
    english_path = english_url_name("search")
    if over_limit(request, "search", settings.SEARCH_RATE_LIMIT):
        return render(request, "429.html", page_context(request, english_path), status=429)
    raw = request.GET.get("q", "")
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    try:
        results = spanish.search(raw, page, lang) if raw.strip() else None
    except Exception:  # a search that fails still answers, with the help numbers
        logger.exception("Spanish search failed")
        results = None
    context = page_context(
        request, english_path, results=results, query=results.query if results else ""
    )
    if results is None or not results.results:
        stages, featured = front_lists(lang)
        context["stages"] = stages
        context["featured"] = [a for a in featured if not a.untranslated]
    return render(request, "pathways/search.html", context)


class TranslatedFeed(RecentlyUpdated):
    """The English feed's entries, from the published translations of published articles."""

    title = gettext_lazy("Opioid Treatment Pathway: recently updated")  # type: ignore[assignment]
    subtitle = gettext_lazy(  # type: ignore[assignment]
        "Articles on opioid use disorder treatment, newest changes first."
    )

    def items(self) -> Any:
        published = set(Article.objects.published().values_list("slug", flat=True))
        rows = published_translations(language(), ["article"]).order_by("-updated", "title")
        return [tr for tr in rows if tr.english_slug in published][:20]


def feed(request: HttpRequest) -> HttpResponse:
    if (translation.get_language() or "") in LANGUAGES:
        return TranslatedFeed()(request)
    return RecentlyUpdated()(request)
