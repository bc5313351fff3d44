"""Staff-only views beside the admin: live preview, draft preview, revision diffs,
and the "needs attention" dashboard."""

from __future__ import annotations

import datetime
import difflib
from typing import Any

from django.contrib.admin.views.decorators import staff_member_required
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseNotFound,
)
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from pathways import views
from pathways.models import ITEM_MODELS, Article, Item, Link, Stage, Status, Substance
from pathways.rendering import preview_markdown

DIFF_FIELDS = ["title", "summary", "body", "status", "review_due", "reviewed_by", "reviewed_on"]


@require_POST
def markdown_preview(request: HttpRequest) -> HttpResponse:
    """markdownx's live preview, through the project's one renderer, for staff only.

    markdownx's own view answers anyone; this one refuses anonymous and
    non-staff requests outright (no login redirect for a background request).
    """
    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return HttpResponseForbidden("Staff only.")
    html = preview_markdown(request.POST.get("content", ""))
    return HttpResponse(html, content_type="text/html; charset=utf-8")


def upload_disabled(request: HttpRequest) -> HttpResponse:
    """Image upload is switched off: this answers 404 and writes nothing."""
    return HttpResponseNotFound("Image upload is switched off.")


@never_cache
@staff_member_required
def preview(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """A full-page preview of any item, draft or not, marked as a preview, never cached."""
    if kind == "article":
        item: Any = get_object_or_404(
            Article.objects.select_related("stage").prefetch_related("sources", "substances"),
            pk=pk,
        )
        response = views.article_page(request, item, preview=True)
    elif kind == "stage":
        item = get_object_or_404(Stage.objects.prefetch_related("sources", "articles"), pk=pk)
        response = views.stage_page(request, item, preview=True)
    elif kind == "substance":
        item = get_object_or_404(Substance.objects.prefetch_related("sources"), pk=pk)
        response = views.substance_page(request, item, preview=True)
    else:
        raise Http404
    response["Cache-Control"] = "no-store, private"
    response["X-Robots-Tag"] = "noindex"
    return response


@staff_member_required
def revision_diff(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Line-by-line differences between two revisions of one item."""
    model = ITEM_MODELS.get(kind)
    if model is None:
        raise Http404
    item = get_object_or_404(model, pk=pk)
    history = item.history  # type: ignore[attr-defined]
    try:
        older = history.get(history_id=int(request.GET.get("a", "")))
        newer = history.get(history_id=int(request.GET.get("b", "")))
    except (ValueError, model.history.model.DoesNotExist):  # type: ignore[attr-defined]
        raise Http404 from None
    if older.history_date > newer.history_date:
        older, newer = newer, older
    changes = []
    for name in DIFF_FIELDS:
        if not hasattr(older, name):
            continue
        before, after = str(getattr(older, name) or ""), str(getattr(newer, name) or "")
        if before != after:
            lines = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=2)
            changes.append((name, [classify(line) for line in list(lines)[2:]]))
    context = {
        "item": item,
        "older": older,
        "newer": newer,
        "changes": changes,
        "opts": model._meta,
        "title": f"Changes to “{item}”",
    }
    return render(request, "admin/pathways/diff.html", context)


def classify(line: str) -> tuple[str, str]:
    """(css class, text) for one line of a unified diff; the template escapes the text."""
    if line.startswith("+"):
        return "added", line[1:]
    if line.startswith("-"):
        return "removed", line[1:]
    if line.startswith("@@"):
        return "hunk", "…"
    return "same", line[1:]


def orphan_slugs() -> list[str]:
    """Published articles that no other published article links to."""
    linked = set(
        Link.objects.filter(source_kind="article", source_published=True).values_list(
            "target_slug", flat=True
        )
    )
    return [
        s for s in Article.objects.published().values_list("slug", flat=True) if s not in linked
    ]


def attention_lists() -> dict[str, list[Any]]:
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=30)
    pages: list[Item] = [
        *Article.objects.select_related("stage"),
        *Stage.objects.all(),
        *Substance.objects.all(),
    ]
    published = [p for p in pages if p.status == Status.PUBLISHED]
    return {
        "overdue": [p for p in published if p.review_due and p.review_due < today],
        "due_soon": [p for p in published if p.review_due and today <= p.review_due <= soon],
        "never_reviewed": [p for p in published if not getattr(p, "reviewed_on", None)],
        "broken": [
            i for model in ITEM_MODELS.values() for i in model.objects.exclude(broken_links=[])
        ],
        "orphans": list(Article.objects.filter(slug__in=orphan_slugs())),
        "drafts": [p for p in pages if p.status == Status.DRAFT],
    }


@staff_member_required
def attention(request: HttpRequest) -> HttpResponse:
    from django.contrib import admin

    context = {**admin.site.each_context(request), "title": "Needs attention", **attention_lists()}
    return render(request, "admin/pathways/attention.html", context)
