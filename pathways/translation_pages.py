"""What a page in another language shows: its item found by address, and its context.

Every page gets the same language links (`page_context`); a translated stage,
article or drug page is found the same way for each kind (`find`), and each
kind says what it reads (`ITEM_PAGES`: the English rows with what the page
prefetches, and the context built from them). The views that answer with
these are in translation_views.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils import translation

from pathways.models import Article, GlossaryTerm, Redirect, Stage, Status, Substance, Translation
from pathways.models.translations import translated_url
from pathways.page_lists import pathway_order, reading_order
from pathways.translation_addresses import published_translations
from pathways.translation_items import Localized, localize, localize_many

RELATED_LIMIT = 5


def language() -> str:
    return translation.get_language() or "es"


def english_url_name(name: str, *args: str) -> str:
    """The English address of a named page (home, pathway, glossary...)."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(f"pathways:{name}", args=args)


def page_context(request: HttpRequest, english_path: str, **extra: Any) -> dict[str, Any]:
    """The page's context with where it is in each language (see i18n_pages): a notice
    page passes alternate_es=None, as it is no page of its own in this language."""
    return {
        "alternate_en": english_path,
        "alternate_es": extra.pop("alternate_es", request.path),
        **extra,
    }


# -- Lists several pages show -----------------------------------------------------


def stage_list() -> QuerySet[Stage]:
    """The published stages, with what a link and the stage count read."""
    return Stage.objects.published().only("slug", "title", "number")


def substance_list() -> QuerySet[Substance]:
    """The published drugs, with their notes for each stage."""
    return Substance.objects.published().only("slug", "title", "link_text", "stage_notes_html")


def front_lists(lang: str) -> tuple[list[Localized], list[Localized]]:
    """The stages and the featured articles, as the home page (and an empty search) lists them."""
    stages, featured = localize_many(
        lang,
        ("stage", Stage.objects.published()),
        ("article", Article.objects.listed().filter(featured=True)),
    )
    return stages, featured


# -- Finding a translated page ----------------------------------------------------


def find(
    kind: str, slug: str, lang: str, english_rows: QuerySet[Any]
) -> tuple[Any, Translation | None] | HttpResponse:
    """The English item (from english_rows) and its translation for an address, a
    redirect, or a 404."""
    tr = published_translations(lang, [kind]).filter(slug=slug).prefetch_related("sources").first()
    english_slug = tr.english_slug if tr else slug
    english = english_rows.filter(slug=english_slug, status=Status.PUBLISHED).first()
    if english is None and tr is None:
        moved = Redirect.objects.new_slug(kind, slug)
        if moved is None:
            raise Http404
        return HttpResponsePermanentRedirect(translated_url(kind, moved, lang))
    if english is None:
        raise Http404  # the English original is gone or unpublished: so is this
    if tr is None:
        own = (
            published_translations(lang, [kind])
            .filter(english_slug=english.slug)
            .values_list("slug", flat=True)
            .first()
        )
        if own is not None:  # the English slug of a translated page
            return HttpResponsePermanentRedirect(translated_url(kind, own, lang))
    return english, tr


# -- Each kind's page -------------------------------------------------------------


def with_articles(rows: QuerySet[Any]) -> QuerySet[Any]:
    """A stage's or a drug's rows with their sources and the articles they list."""
    return rows.prefetch_related("sources").prefetch_related(
        Prefetch("articles", queryset=Article.objects.listed())
    )


def stage_rows() -> QuerySet[Stage]:
    return with_articles(Stage.objects.all())


def stage_context(english: Stage, item: Localized, lang: str) -> dict[str, Any]:
    articles = list(english.articles.all())
    stages, localized_list, substances = localize_many(
        lang, ("stage", stage_list()), ("article", articles), ("substance", substance_list())
    )
    index = next(i for i, s in enumerate(stages) if s.pk == english.pk)
    localized_articles = {a.pk: a for a in localized_list}
    return {
        "articles": [localized_articles[a.pk] for a in reading_order(english, articles)],
        "stage_count": len(stages),
        "previous": stages[index - 1] if index > 0 else None,
        "next": stages[index + 1] if index + 1 < len(stages) else None,
        "notes": [
            (s, s.stage_notes_html[english.slug])
            for s in substances
            if not s.untranslated and s.stage_notes_html.get(english.slug)
        ],
    }


def article_rows() -> QuerySet[Article]:
    return Article.objects.select_related("stage").prefetch_related("sources", "substances")


def article_context(english: Article, item: Localized, lang: str) -> dict[str, Any]:
    stage_obj = english.stage if english.stage and english.stage.is_published else None
    related_q = Article.objects.listed().filter(
        Q(stage=english.stage_id) if english.stage_id else Q(stage__isnull=True)
    )
    stages, substances, related = localize_many(
        lang,
        ("stage", stage_list()),
        ("substance", [s for s in english.substances.all() if s.status == Status.PUBLISHED]),
        (
            "article",
            related_q.exclude(pk=english.pk).order_by("-featured", "title")[:RELATED_LIMIT],
        ),
    )
    item.stage = next((s for s in stages if stage_obj and s.pk == stage_obj.pk), None)
    next_stage = None
    if stage_obj is not None:
        next_stage = next((s for s in stages if s.number > stage_obj.number), None)
    return {
        "substances": substances,
        "related": [r for r in related if not r.untranslated],
        "stage_count": len(stages),
        "next_stage": next_stage,
        "show_toc": item.toc_html.count("<li>") >= 3,
    }


def substance_rows() -> QuerySet[Substance]:
    return with_articles(Substance.objects.all())


def substance_context(english: Substance, item: Localized, lang: str) -> dict[str, Any]:
    stages = list(Stage.objects.published().only("slug", "title", "number", "body_html"))
    ordered = pathway_order(list(english.articles.all()), stages)
    localized_stages, localized_articles = localize_many(
        lang, ("stage", stages), ("article", ordered)
    )
    loc_stages = {s.pk: s for s in localized_stages}
    loc_arts = {a.pk: a for a in localized_articles}
    own_notes = item.stage_notes_html or {}
    groups = [
        (loc_stages[s.pk], [loc_arts[a.pk] for a in ordered if a.stage_id == s.pk]) for s in stages
    ] + [(None, [loc_arts[a.pk] for a in ordered if a.stage_id not in loc_stages])]
    return {
        "notes": [(loc_stages[s.pk], own_notes[s.slug]) for s in stages if s.slug in own_notes],
        "article_groups": [(s, g) for s, g in groups if g],
    }


@dataclass(frozen=True)
class ItemPage:
    """How one kind's page is built: the English rows it reads, and its context."""

    rows: Callable[[], QuerySet[Any]]
    context: Callable[[Any, Localized, str], dict[str, Any]]


ITEM_PAGES: dict[str, ItemPage] = {
    "stage": ItemPage(stage_rows, stage_context),
    "article": ItemPage(article_rows, article_context),
    "substance": ItemPage(substance_rows, substance_context),
}


# -- Pages of their own -----------------------------------------------------------


def pathway_context(request: HttpRequest, lang: str) -> dict[str, Any]:
    """The pathway: each stage with its articles in reading order, and a chosen drug's notes."""
    stages = list(Stage.objects.published())
    articles = list(Article.objects.listed())
    localized_stages, localized_list, all_substances = localize_many(
        lang, ("stage", stages), ("article", articles), ("substance", substance_list())
    )
    substances = [s for s in all_substances if not s.untranslated]
    wanted = request.GET.get("substance", "")
    chosen = next((s for s in substances if wanted in {s.slug, s.english_slug}), None)
    by_stage = {s.pk: [a for a in articles if a.stage_id == s.pk] for s in stages}
    localized_articles = {a.pk: a for a in localized_list}
    rows = []
    for stage, loc in zip(stages, localized_stages, strict=True):
        ordered = reading_order(stage, by_stage[stage.pk])
        note = chosen.stage_notes_html.get(stage.slug, "") if chosen else ""
        rows.append((loc, note, [localized_articles[a.pk] for a in ordered]))
    return {
        "stages": localized_stages,
        "rows": rows,
        "across": [localized_articles[a.pk] for a in articles if a.stage_id is None],
        "substances": substances,
        "chosen": chosen,
        "unknown_substance": bool(wanted) and chosen is None,
    }


def glossary_context(lang: str) -> dict[str, Any]:
    """The translated terms by letter, and the terms not translated yet."""
    everything = localize(GlossaryTerm.objects.published(), lang, "term")
    terms = sorted(
        (t for t in everything if not t.untranslated), key=lambda t: (t.title.lower(), t.slug)
    )
    return {
        "terms": terms,
        "letters": sorted({t.title[0].upper() for t in terms}),
        "untranslated_terms": sorted(
            (t for t in everything if t.untranslated), key=lambda t: t.title
        ),
    }
