"""Public pages. Views are thin: fetch, render; markdown was rendered on save.

Every view makes a fixed number of queries however much content exists: lists
come with `prefetch_related`, and nothing in a template triggers a query per
row.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from pathways.models import (
    Article,
    GlossaryTerm,
    Redirect,
    Stage,
    Status,
    Substance,
    url_for,
)
from pathways.page_lists import backlink_groups, pathway_order, reading_order
from pathways.ratelimit import over_limit
from pathways.search import search

RELATED_LIMIT = 5


def localized(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """In another language (/es/...), the page is the translation's: see translation_views."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if (get_language() or settings.LANGUAGE_CODE) != settings.LANGUAGE_CODE:
            from pathways import translation_views

            return getattr(translation_views, view.__name__)(request, *args, **kwargs)  # type: ignore[no-any-return]
        return view(request, *args, **kwargs)

    return wrapper


def stages_with_articles() -> QuerySet[Stage]:
    return Stage.objects.published().prefetch_related(
        Prefetch("articles", queryset=Article.objects.listed())
    )


def redirect_or_404(kind: str, slug: str) -> HttpResponsePermanentRedirect:
    """An old slug answers with a 301 to the new address; anything else is a 404."""
    moved = Redirect.objects.new_slug(kind, slug)
    if moved is None:
        raise Http404
    return HttpResponsePermanentRedirect(url_for(kind, moved))


@localized
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "stages": list(Stage.objects.published()),
        "featured": list(Article.objects.listed().filter(featured=True)),
    }
    return render(request, "pathways/home.html", context)


@localized
@require_safe
def pathway(request: HttpRequest) -> HttpResponse:
    stages = list(stages_with_articles())
    substances = list(Substance.objects.published().only("slug", "title", "stage_notes_html"))
    # An unknown or malformed ?substance= shows the plain pathway, never an error.
    wanted = request.GET.get("substance", "")
    chosen = next((s for s in substances if s.slug == wanted), None)
    rows = [
        (
            stage,
            chosen.stage_notes_html.get(stage.slug, "") if chosen else "",
            reading_order(stage, list(stage.articles.all())),
        )
        for stage in stages
    ]
    context = {
        "stages": stages,
        "rows": rows,
        "across": list(Article.objects.listed().filter(stage__isnull=True)),
        "substances": substances,
        "chosen": chosen,
        "unknown_substance": bool(wanted) and chosen is None,
    }
    return render(request, "pathways/pathway.html", context)


@localized
@require_safe
def stage(request: HttpRequest, slug: str) -> HttpResponse:
    item = (
        Stage.objects.published()
        .prefetch_related(Prefetch("articles", queryset=Article.objects.listed()), "sources")
        .filter(slug=slug)
        .first()
    )
    if item is None:
        return redirect_or_404("stage", slug)
    return stage_page(request, item)


def stage_page(request: HttpRequest, item: Stage, preview: bool = False) -> HttpResponse:
    stages = list(Stage.objects.published().only("slug", "title", "number"))
    if item not in stages:  # a draft stage, seen in a preview
        stages = sorted([*stages, item], key=lambda s: s.number)
    index = next(i for i, s in enumerate(stages) if s.pk == item.pk)
    substances = Substance.objects.published().only(
        "slug", "title", "link_text", "stage_notes_html"
    )
    context = {
        "item": item,
        "articles": reading_order(item, list(item.articles.all())),
        "stage_count": len(stages),
        "previous": stages[index - 1] if index > 0 else None,
        "next": stages[index + 1] if index + 1 < len(stages) else None,
        "notes": [
            (s, s.stage_notes_html[item.slug])
            for s in substances
            if s.stage_notes_html.get(item.slug)
        ],
        "preview": preview,
    }
    return render(request, "pathways/stage.html", context)


@localized
@require_safe
def article(request: HttpRequest, slug: str) -> HttpResponse:
    item = (
        Article.objects.published()
        .select_related("stage")
        .prefetch_related("sources", "substances")
        .filter(slug=slug)
        .first()
    )
    if item is None:
        return redirect_or_404("article", slug)
    return article_page(request, item)


def article_page(request: HttpRequest, item: Article, preview: bool = False) -> HttpResponse:
    if item.stage is not None and item.stage.status != Status.PUBLISHED:
        item.stage = None
    substances = [s for s in item.substances.all() if s.status == Status.PUBLISHED]
    related = (
        Article.objects.listed()
        .filter(Q(stage=item.stage_id) if item.stage_id else Q(stage__isnull=True))
        .exclude(pk=item.pk)
    )
    if substances:
        related = related | Article.objects.listed().filter(substances__in=substances).exclude(
            pk=item.pk
        )
    stages = list(Stage.objects.published().only("slug", "title", "number"))
    next_stage = None
    if item.stage is not None:
        next_stage = next((s for s in stages if s.number > item.stage.number), None)
    context = {
        "item": item,
        "substances": substances,
        **backlink_groups(item.slug),
        "related": list(related.distinct().order_by("-featured", "title")[:RELATED_LIMIT]),
        "stage_count": len(stages),
        "next_stage": next_stage,
        "show_toc": item.toc_html.count("<li>") >= 3,
        "preview": preview,
    }
    return render(request, "pathways/article.html", context)


@localized
@require_safe
def substance(request: HttpRequest, slug: str) -> HttpResponse:
    item = (
        Substance.objects.published()
        .prefetch_related("sources", Prefetch("articles", queryset=Article.objects.listed()))
        .filter(slug=slug)
        .first()
    )
    if item is None:
        return redirect_or_404("substance", slug)
    return substance_page(request, item)


def substance_page(request: HttpRequest, item: Substance, preview: bool = False) -> HttpResponse:
    stages = list(Stage.objects.published().only("slug", "title", "number", "body_html"))
    notes = [(s, item.stage_notes_html[s.slug]) for s in stages if s.slug in item.stage_notes_html]
    articles = pathway_order(list(item.articles.all()), stages)
    by_stage = [(stage, [a for a in articles if a.stage_id == stage.pk]) for stage in stages] + [
        (None, [a for a in articles if a.stage_id not in {s.pk for s in stages}])
    ]
    context = {
        "item": item,
        "notes": notes,
        "article_groups": [(stage, group) for stage, group in by_stage if group],
        "preview": preview,
    }
    return render(request, "pathways/substance.html", context)


@localized
@require_safe
def glossary(request: HttpRequest) -> HttpResponse:
    # Case-insensitive, as a reader expects: "Agonist" before "ASAM Criteria".
    terms = sorted(GlossaryTerm.objects.published(), key=lambda t: (t.title.lower(), t.slug))
    letters = sorted({t.title[0].upper() for t in terms})
    return render(request, "pathways/glossary.html", {"terms": terms, "letters": letters})


@localized
@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "pathways/about.html")


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri("/sitemap.xml")
    text = f"User-agent: *\nDisallow: /admin/\nSitemap: {sitemap}\n"
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


FALLBACK_500 = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Something went wrong</title></head><body><main>
<h1>Something went wrong on our side</h1>
<p>Please try again in a few minutes. If you need help right now:</p>
<ul><li>Emergency or overdose: call <a href="tel:911">911</a>.</li>
<li>988 Suicide &amp; Crisis Lifeline: call <a href="tel:988">988</a> or
<a href="sms:988">text 988</a>.</li>
<li>SAMHSA National Helpline: <a href="tel:+18006624357">1-800-662-4357</a>,
free and confidential, any time.</li></ul>
<p>If someone may be overdosing, call 911 and stay on the line: the dispatcher will
tell you what to do.</p></main></body></html>"""


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page renders from a template alone: the database may be what failed.

    If even the template can't render (say, the static manifest is missing),
    a plain page with the help numbers is sent instead.
    """
    html: str
    try:
        html = render_to_string("500.html")
    except Exception:
        html = FALLBACK_500
    return HttpResponse(html, status=500)


def too_many_requests(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "429.html", status=429)


@localized
@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    if over_limit(request, "search", settings.SEARCH_RATE_LIMIT):
        return too_many_requests(request)
    raw = request.GET.get("q", "")
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    results = search(raw, page) if raw.strip() else None
    context: dict[str, Any] = {"results": results, "query": results.query if results else ""}
    if results is None or not results.results:
        context["stages"] = list(Stage.objects.published())
        context["featured"] = list(Article.objects.listed().filter(featured=True))
    return render(request, "pathways/search.html", context)
