"""Staff views beside the admin: live preview, draft preview, revision diffs,
and the "needs attention" dashboard.

Being staff is not enough for any of them: each needs the admin permission
that covers what it shows (view or change on the model; for the live
preview, permission to add or change some content), so a staff account
with no permissions sees nothing it couldn't see in the admin itself.
"""

from __future__ import annotations

import datetime
import difflib
import json
import re
from typing import Any

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseNotFound,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from pathways import views
from pathways.models import (
    ITEM_MODELS,
    Article,
    Item,
    Link,
    Source,
    Stage,
    Status,
    Substance,
    Translation,
)
from pathways.reviews import changed_since_review, reviewed_rows
from pathways.translations import out_of_date_with_diffs

DIFF_FIELDS = [
    "title",
    "link_text",
    "summary",
    "body",
    # The rest of what a clinical review covers (pathways.content.texthash).
    "duration",
    "who",
    "questions",
    "stage_notes",
    "also_called",
    "status",
    "updated",
    "review_due",
    "valid_until",
    "reviewed_by",
    "reviewed_on",
]
# Unchanged words kept either side of a change in a word diff (tokens include spaces).
DIFF_CONTEXT = 40
# Where the live preview points a link whose target doesn't exist, so it shows.
BROKEN_LINK_HREF = "#broken-link"


def can_view(user: Any, model: type[Model]) -> bool:
    """The admin's own rule: view or change permission on the model."""
    opts = model._meta
    return bool(
        user.is_active
        and user.is_staff
        and (
            user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
            or user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        )
    )


def can_edit_some_content(user: Any) -> bool:
    for model in ITEM_MODELS.values():
        opts = model._meta
        if user.has_perm(f"{opts.app_label}.change_{opts.model_name}") or user.has_perm(
            f"{opts.app_label}.add_{opts.model_name}"
        ):
            return True
    return False


@require_POST
def markdown_preview(request: HttpRequest) -> HttpResponse:
    """markdownx's live preview, through the project's one renderer, for editors only.

    markdownx's own view answers anyone; this one refuses anonymous, non-staff
    and staff who may not edit content outright (no login redirect for a
    background request).
    """
    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return HttpResponseForbidden("Staff only.")
    if not can_edit_some_content(user):
        return HttpResponseForbidden("Only editors see the preview.")
    findings = preview_findings(request)
    if request.POST.get("lint") == "1":
        # The editor's lint panel (static/pathways/admin-lint.js) asks for the
        # findings alone, as JSON: nothing is rendered.
        return JsonResponse(
            {
                "findings": findings,
                "errors": sum(f["severity"] == "error" for f in findings),
                "warnings": sum(f["severity"] == "warning" for f in findings),
            }
        )
    html = marked_preview(request.POST.get("content", ""))
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    # The same findings for any other client (ASCII JSON, capped to stay a small header).
    response["X-Lint-Findings"] = json.dumps(findings[:LINT_HEADER_MAX])
    return response


# At most this many findings go in the preview's X-Lint-Findings header.
LINT_HEADER_MAX = 20


def preview_findings(request: HttpRequest) -> list[dict[str, Any]]:
    """The medical-safety lint on the text being typed, as the save will run it.

    The editor's page sends its kind and id, so the page's own reasoned
    exceptions (lint_exceptions, from its file) apply as they will on save.
    """
    from pathways.lint import lint_form

    kind, slug = request.POST.get("kind", "article"), ""
    exceptions: list[dict[str, Any]] = []
    model = ITEM_MODELS.get(kind)
    pk = request.POST.get("pk", "")
    if model is not None and pk.isdigit() and can_view(request.user, model):
        row = model.objects.filter(pk=int(pk)).values("lint_exceptions", "slug").first()
        if row:
            exceptions, slug = row["lint_exceptions"] or [], row["slug"]
    findings = lint_form(
        {"body": request.POST.get("content", "")},
        kind=kind if model is not None else "article",
        slug=slug,
        exceptions=exceptions,
    )
    return [f.as_dict() for f in findings]


def marked_preview(text: str) -> str:
    """The page's HTML as the renderer makes it, with links to nowhere made visible.

    A reader sees a link to no page as plain text; an editor should see it,
    so it is rendered as a link to `#broken-link` (styled in
    admin-editor.css) under a notice naming each one.
    """
    from pathways.linking import build_include_map, build_slug_map, preview_citations
    from pathways.rendering import Target, render_markdown

    slugs, blocks = build_slug_map(), build_include_map()
    rendered = render_markdown(text, slugs, blocks, preview_citations(text))
    if not rendered.missing:
        return rendered.html
    marked = dict(slugs)
    for slug in rendered.missing:
        marked[slug] = Target(
            kind="broken", title=slug, url=BROKEN_LINK_HREF, published=True, slug=slug
        )
    html = render_markdown(text, marked, blocks, preview_citations(text)).html
    notice = format_html(
        '<p class="preview-broken" role="alert">Links to no page (the page can\'t be saved '
        "with them): {}</p>",
        format_html_join(", ", "<code>[[{}]]</code>", ((slug,) for slug in rendered.missing)),
    )
    return notice + html


def upload_disabled(request: HttpRequest) -> HttpResponse:
    """Image upload is switched off: this answers 404 and writes nothing."""
    return HttpResponseNotFound("Image upload is switched off.")


@never_cache
@staff_member_required
def preview(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """A full-page preview of any item, draft or not, marked as a preview, never cached."""
    model = ITEM_MODELS.get(kind)
    if model is None:
        raise Http404
    if not can_view(request.user, model):
        raise PermissionDenied
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


@never_cache
@staff_member_required
def revision_diff(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Word-by-word differences between two revisions of one item."""
    from django.contrib import admin

    model = ITEM_MODELS.get(kind)
    if model is None:
        raise Http404
    if not can_view(request.user, model):
        raise PermissionDenied
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
            label = getattr(model._meta.get_field(name), "verbose_name", name)
            changes.append((label, word_diff(before, after)))
    context = {
        **admin.site.each_context(request),
        "item": item,
        "older": older,
        "newer": newer,
        "changes": changes,
        "opts": model._meta,
        "title": f"Changes to “{item}”",
    }
    return render(request, "admin/pathways/diff.html", context)


def word_diff(before: str, after: str, context: int = DIFF_CONTEXT) -> SafeString:
    """The two texts compared word by word: removed words in <del>, added in <ins>.

    Every piece of text is escaped here, before the marks go round it; this
    is the one place the diff page's HTML is made, and why it may be marked
    safe. Long unchanged stretches are cut to `context` tokens either side.
    """
    old, new = re.findall(r"\s+|\S+", before), re.findall(r"\s+|\S+", after)
    parts: list[str] = []
    runs = diff_runs(old, new)
    for index, (same, removed, added) in enumerate(runs):
        if same is not None:
            head = same[:context] if index > 0 else []
            tail = same[-context:] if index < len(runs) - 1 else []
            if len(head) + len(tail) >= len(same):
                parts.append(str(escape("".join(same))))
            else:
                parts.append(str(escape("".join(head))))
                parts.append('<span class="diff-hunk">…</span>')
                parts.append(str(escape("".join(tail))))
            continue
        if removed:
            parts.append(f'<del class="diff-removed">{escape("".join(removed))}</del>')
        if added:
            parts.append(f'<ins class="diff-added">{escape("".join(added))}</ins>')
    return mark_safe("".join(parts))  # noqa: S308 - every text part is escaped above


Run = tuple[list[str] | None, list[str], list[str]]


def diff_runs(old: list[str], new: list[str]) -> list[Run]:
    """(unchanged tokens, None, None) or (None, removed, added), in order.

    A change of several words reads as one change: the single spaces that
    the two texts share between changed words join the change on both sides.
    """
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    runs: list[Run] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            runs.append((old[i1:i2], [], []))
        else:
            runs.append((None, old[i1:i2], new[j1:j2]))
    merged: list[Run] = []
    for index, run in enumerate(runs):
        same = run[0]
        between = 0 < index < len(runs) - 1 and merged and merged[-1][0] is None
        if same is not None and between and all(not t.strip() for t in same):
            previous = merged.pop()
            merged.append((None, previous[1] + same, previous[2] + same))
        elif same is None and merged and merged[-1][0] is None:
            previous = merged.pop()
            merged.append((None, previous[1] + run[1], previous[2] + run[2]))
        else:
            merged.append(run)
    return merged


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


# A source an editor hasn't confirmed for this long is listed on the dashboard.
SOURCE_CHECK_MONTHS = 12


def months_before(day: datetime.date, months: int) -> datetime.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def unchecked_sources(models: list[type[Item]], today: datetime.date) -> list[dict[str, Any]]:
    """Sources not checked in SOURCE_CHECK_MONTHS months (or never), with their item.

    Two queries per kind of item: its stale sources, then the items they belong to.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    cutoff = months_before(today, SOURCE_CHECK_MONTHS)
    found: list[dict[str, Any]] = []
    for model in models:
        content_type = ContentType.objects.get_for_model(model)
        sources = list(
            Source.objects.filter(content_type=content_type)
            .filter(Q(checked__lte=cutoff) | Q(checked__isnull=True))
            .order_by("checked", "object_id", "position")
        )
        if not sources:
            continue
        items = model._default_manager.only("pk", "slug", "title").in_bulk(
            {s.object_id for s in sources}
        )
        for source in sources:
            item = items.get(source.object_id)
            if item is not None:
                url = reverse(f"admin:pathways_{model._meta.model_name}_change", args=[item.pk])
                found.append({"item": item, "source": source, "url": url})
    found.sort(key=lambda row: (row["source"].checked or datetime.date.min, row["item"].title))
    return found


def attention_lists(user: Any = None) -> dict[str, list[Any]]:
    """What needs an editor, limited to the kinds of item the user may view."""
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=30)

    def allowed(model: type[Model]) -> bool:
        return user is None or can_view(user, model)

    pages: list[Item] = [
        *(Article.objects.select_related("stage") if allowed(Article) else []),
        *(Stage.objects.all() if allowed(Stage) else []),
        *(Substance.objects.all() if allowed(Substance) else []),
    ]
    published = [p for p in pages if p.status == Status.PUBLISHED]
    return {
        "overdue": [p for p in published if p.review_due and p.review_due < today],
        "due_soon": [p for p in published if p.review_due and today <= p.review_due <= soon],
        "never_reviewed": [p for p in published if not getattr(p, "reviewed_on", None)],
        "broken": [
            i
            for model in ITEM_MODELS.values()
            if allowed(model)
            for i in model.objects.exclude(broken_links=[])
        ],
        "orphans": list(Article.objects.filter(slug__in=orphan_slugs()))
        if allowed(Article)
        else [],
        "drafts": [p for p in pages if p.status == Status.DRAFT],
        # Part 1, 2 and 3 of issue 16: reviews, dated facts, sources.
        "changed_since_review": changed_since_review(
            [r for m in (Article, Stage, Substance) if allowed(m) for r in reviewed_rows(m)]
        ),
        "past_valid_until": [p for p in published if getattr(p, "facts_may_have_changed", False)],
        "unchecked_sources": unchecked_sources(
            [m for m in ITEM_MODELS.values() if allowed(m)], today
        ),
        # Translations whose English changed since (issue 18), with the English diff.
        "translations_out_of_date": out_of_date_with_diffs() if allowed(Translation) else [],
        # Part 4: the medical-safety lint's findings, stored on every write.
        "lint_warnings": [
            i
            for model in ITEM_MODELS.values()
            if allowed(model)
            for i in model.objects.exclude(lint_findings=[]).order_by("slug")
        ],
    }


@staff_member_required
def attention(request: HttpRequest) -> HttpResponse:
    from django.contrib import admin

    if not any(can_view(request.user, model) for model in ITEM_MODELS.values()):
        raise PermissionDenied
    context = {
        **admin.site.each_context(request),
        "title": "Needs attention",
        **attention_lists(request.user),
    }
    return render(request, "admin/pathways/attention.html", context)
