"""Public pages. Views are thin: fetch, render; markdown was rendered on save."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render

from pathways.linking import published_backlinks
from pathways.models import Article, GlossaryTerm, Redirect, Stage, Substance, url_for

PUBLISHED_ARTICLES = Prefetch(
    "articles", queryset=Article.objects.published().only("slug", "title", "summary", "stage_id")
)


def redirect_or_404(kind: str, slug: str) -> HttpResponsePermanentRedirect:
    """An old slug answers with a 301 to the new address; anything else is a 404."""
    moved = Redirect.objects.filter(kind=kind, old_slug=slug).first()
    if moved is None:
        raise Http404
    return HttpResponsePermanentRedirect(url_for(kind, moved.new_slug))


def home(request: HttpRequest) -> HttpResponse:
    stages = Stage.objects.published()
    return render(request, "pathways/home.html", {"stages": stages})


def pathway(request: HttpRequest) -> HttpResponse:
    stages = Stage.objects.published().prefetch_related(PUBLISHED_ARTICLES)
    across = Article.objects.published().filter(stage__isnull=True)
    return render(request, "pathways/pathway.html", {"stages": stages, "across": across})


def stage(request: HttpRequest, slug: str) -> HttpResponse:
    item = (
        Stage.objects.published()
        .prefetch_related(PUBLISHED_ARTICLES, "sources")
        .filter(slug=slug)
        .first()
    )
    if item is None:
        return redirect_or_404("stage", slug)
    return render(request, "pathways/stage.html", {"item": item})


def article(request: HttpRequest, slug: str) -> HttpResponse:
    item = (
        Article.objects.published()
        .select_related("stage")
        .prefetch_related("sources")
        .filter(slug=slug)
        .first()
    )
    if item is None:
        return redirect_or_404("article", slug)
    context = {"item": item, "backlinks": published_backlinks(item.slug)}
    return render(request, "pathways/article.html", context)


def substance(request: HttpRequest, slug: str) -> HttpResponse:
    item = Substance.objects.published().prefetch_related("sources").filter(slug=slug).first()
    if item is None:
        return redirect_or_404("substance", slug)
    return render(request, "pathways/substance.html", {"item": item})


def glossary(request: HttpRequest) -> HttpResponse:
    terms = GlossaryTerm.objects.published()
    return render(request, "pathways/glossary.html", {"terms": terms})
