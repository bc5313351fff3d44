"""The staff pages beside the admin's own: live preview, draft preview, revision
diffs and the needs-attention dashboard (mounted by `pathways.admin.urls`).

Being staff is not enough for any of them: each needs the admin permission
that covers what it shows (view or change on the model; for the live
preview, permission to add or change some content), so a staff account
with no permissions sees nothing it couldn't see in the admin itself.
"""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from django.contrib.admin import AdminSite
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseNotFound,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path
from django.utils.html import format_html, format_html_join
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from pathways.admin.attention import attention_lists, can_view, with_admin_urls
from pathways.admin.diffs import revision_changes
from pathways.models import ITEM_MODELS

# Where the live preview points a link whose target doesn't exist, so it shows.
BROKEN_LINK_HREF = "#broken-link"
# At most this many findings go in the preview's X-Lint-Findings header.
LINT_HEADER_MAX = 20


def can_edit_some_content(user: Any) -> bool:
    for model in ITEM_MODELS.values():
        opts = model._meta
        if user.has_perm(f"{opts.app_label}.change_{opts.model_name}") or user.has_perm(
            f"{opts.app_label}.add_{opts.model_name}"
        ):
            return True
    return False


@never_cache
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
    from pathways.publishing.maps import build_include_map, build_slug_map
    from pathways.publishing.render import preview_citations
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


def preview(model_admin: Any, request: HttpRequest, object_id: str) -> HttpResponse:
    """A full-page preview of a page, draft or not, marked as a preview, never cached.

    The page's admin says how its page is drawn (`preview_page`) and what to
    read with it (`preview_queryset`).
    """
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    item = get_object_or_404(model_admin.preview_queryset(), pk=unquote(object_id))
    response: HttpResponse = model_admin.preview_page(request, item, preview=True)
    response["Cache-Control"] = "no-store, private"
    response["X-Robots-Tag"] = "noindex"
    return response


def revision_diff(model_admin: Any, request: HttpRequest, object_id: str) -> HttpResponse:
    """Word-by-word differences between two revisions (?a= and ?b=) of one item."""
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    model = model_admin.model
    item = get_object_or_404(model, pk=unquote(object_id))
    history = item.history
    try:
        older = history.get(history_id=int(request.GET.get("a", "")))
        newer = history.get(history_id=int(request.GET.get("b", "")))
    except (ValueError, model.history.model.DoesNotExist):
        raise Http404 from None
    if older.history_date > newer.history_date:
        older, newer = newer, older
    context = {
        **model_admin.admin_site.each_context(request),
        "item": item,
        "older": older,
        "newer": newer,
        "changes": revision_changes(model, older, newer),
        "opts": model._meta,
        "title": f"Changes to “{item}”",
    }
    return render(request, "admin/pathways/diff.html", context)


def attention(request: HttpRequest, site: AdminSite) -> HttpResponse:
    """The needs-attention dashboard, limited to the kinds the user may view."""
    if not any(can_view(request.user, model) for model in ITEM_MODELS.values()):
        raise PermissionDenied
    context = {
        **site.each_context(request),
        "title": "Needs attention",
        **with_admin_urls(attention_lists(request.user)),
    }
    return render(request, "admin/pathways/attention.html", context)


def site_urls(site: AdminSite) -> list[URLPattern]:
    """The staff pages that belong to no one model (mounted by `EditorsSite.get_urls`)."""
    return [
        path("attention/", site.admin_view(partial(attention, site=site)), name="attention"),
        # Not through admin_view: a background request gets a 403, not a login page.
        path("markdownx/markdownify/", markdown_preview, name="markdownx_markdownify"),
        path("markdownx/upload/", upload_disabled, name="markdownx_upload"),
    ]
