"""The admin every content item shares, and the one for items with a page.

Saving an item keeps a revision (django-simple-history, with its sources and
substances). The whole save (the row, its sources inline, its substances) is
one publishing batch (`pathways.publishing`): once everything is saved, the
item is rendered with the one renderer, relinked and indexed, in the same
transaction, and the editor is told about links that point to no page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from django.utils import timezone
from django.utils.html import format_html
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget

from pathways.admin import review, views
from pathways.admin.filters import BrokenLinksFilter, ReviewStateFilter
from pathways.admin.forms import ItemForm
from pathways.admin.revisions import RevisionAdmin, restoring
from pathways.admin.sources import SourceInline
from pathways.admin.urls import admin_url, item_urls
from pathways.content.sync.records import default_path
from pathways.models import Item, Page, Status
from pathways.publishing import Before, batch
from pathways.publishing.core import current_batch
from pathways.reviews import CHANGED

REVIEW_FIELDS = ["reviewed_by", "reviewed_on", "reviewed_hash"]
# Shown on every page's form, after its own fields: dates, review and the file.
PAGE_RECORD_FIELDS = [
    "updated",
    "review_due",
    "valid_until",
    "reviewed_by",
    "reviewed_on",
    "version",
    "source_path",
    "broken_links_display",
    "loaded_version",
]
# The same for items with no page of their own (no review, no valid_until).
ITEM_RECORD_FIELDS = ["version", "source_path", "broken_links_display", "loaded_version"]

StaffView = Callable[[HttpRequest, str], HttpResponse]


class ItemAdmin(RevisionAdmin):
    form = ItemForm
    formfield_overrides = {MarkdownxField: {"widget": AdminMarkdownxWidget}}
    search_fields = ["title", "slug", "body"]
    object_history_template = "admin/pathways/object_history.html"
    # simple-history's own list carries an inline style the security policy blocks.
    object_history_list_template = "admin/pathways/object_history_list.html"
    readonly_fields = ["version", "source_path", "broken_links_display"]
    prepopulated_fields: dict[str, tuple[str, ...]] = {"slug": ("title",)}
    # Fields a restore leaves as they are now, whatever the revision says.
    kept_on_restore: list[str] = []

    class Media:
        css = {"all": ["pathways/admin-editor.css"]}

    def get_urls(self) -> list[URLPattern | URLResolver]:
        # Before the admin's own, whose "<object_id>/" catch-all would answer first.
        return [*item_urls(self, self.staff_views()), *super().get_urls()]

    def staff_views(self) -> dict[str, StaffView]:
        """This model's staff pages, by URL name (see pathways.admin.urls)."""
        return {"diff": self.diff_view}

    def diff_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        return views.revision_diff(self, request, object_id)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        """A new item starts as a draft, dated today: publishing is a decision."""
        initial: dict[str, Any] = super().get_changeform_initial_data(request)
        initial.setdefault("status", Status.DRAFT)
        initial.setdefault("updated", timezone.localdate())
        return initial

    @admin.display(description="Broken links")
    def broken_links_display(self, obj: Item) -> str:
        return ", ".join(f"[[{slug}]]" for slug in obj.broken_links) or "none"

    def view_on_site(self, obj: Item) -> str | None:
        """Where readers see it; a draft has nowhere (PageAdmin: its preview)."""
        if obj.is_published:
            return str(obj.get_absolute_url())
        return None

    def save_model(self, request: HttpRequest, obj: Item, form: Any, change: bool) -> None:
        before = Before.of(obj)
        if before is not None and before.slug != obj.slug and obj.source_path:
            obj.source_path = default_path(obj)  # export writes the file for the new slug
        if change:
            obj.version = (form.cleaned_data.get("loaded_version") or obj.version) + 1
        obj._change_reason = "admin edit"  # type: ignore[attr-defined]
        restore = restoring(request)
        if restore is not None:
            obj._change_reason = f"restored revision #{restore.revision.history_id}"  # type: ignore[attr-defined]
            if self.kept_on_restore:
                rows = type(obj).objects.filter(pk=obj.pk).values(*self.kept_on_restore)
                for name, value in (rows.first() or {}).items():
                    setattr(obj, name, value)
        super().save_model(request, obj, form, change)  # a restore's sources come back here

    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with batch():  # published in save_related, once the inlines are saved
            return super().changeform_view(request, *args, **kwargs)  # type: ignore[no-any-return]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        obj = form.instance
        published = current_batch().flush()
        broken = published.broken.get((obj.kind, obj.slug), [])
        if broken:
            self.message_user(
                request,
                "Saved, but these links point to no page and show as plain text: "
                + ", ".join(f"[[{slug}]]" for slug in broken),
                messages.WARNING,
            )


class PageAdmin(ItemAdmin):
    """An item with a page of its own: sources, a clinical review, a draft preview."""

    inlines = [SourceInline]
    list_display = [
        "title",
        "status",
        "review_state",
        "review_due",
        "broken",
        "updated",
        "view_link",
    ]
    list_filter = ["status", ReviewStateFilter, BrokenLinksFilter]
    actions = ["mark_clinically_reviewed"]
    readonly_fields = [*ItemAdmin.readonly_fields, "reviewed_by", "reviewed_on"]
    # A restore brings back old text, not an old review: the review on record
    # stays, and is current again only if the text is what was signed.
    kept_on_restore = REVIEW_FIELDS
    # How the page is drawn (a view taking request, item, preview=...), set per kind.
    preview_page: Callable[..., HttpResponse]

    def staff_views(self) -> dict[str, StaffView]:
        return {**super().staff_views(), "preview": self.preview_view}

    def preview_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        return views.preview(self, request, object_id)

    def preview_queryset(self) -> QuerySet[Any]:
        """What the preview reads: the page with what its page shows beside it."""
        return self.model._default_manager.prefetch_related("sources")  # type: ignore[no-any-return]

    def view_on_site(self, obj: Item) -> str | None:
        return super().view_on_site(obj) or admin_url(obj, "preview")

    @admin.display(description="Review")
    def review_state(self, obj: Page) -> str:
        if obj.review_overdue:
            return "Overdue"
        if obj.clinically_reviewed and obj.review_state == CHANGED:
            return f"Changed since review ({obj.reviewed_on:%b %-d, %Y})"
        if obj.clinically_reviewed:
            return f"Reviewed {obj.reviewed_on:%b %-d, %Y}"
        return "Never reviewed"

    @admin.display(description="Broken links")
    def broken(self, obj: Item) -> str:
        return str(len(obj.broken_links)) if obj.broken_links else ""

    @admin.display(description="Page")
    def view_link(self, obj: Item) -> str:
        label = "View on site" if obj.is_published else "Preview draft"
        return format_html('<a href="{}">{}</a>', self.view_on_site(obj), label)

    def has_mark_reviewed_permission(self, request: HttpRequest) -> bool:
        # Only the "Clinical reviewers" group holds this permission.
        return request.user.has_perm("pathways.mark_reviewed")

    @admin.action(description="Mark clinically reviewed…", permissions=["mark_reviewed"])
    def mark_clinically_reviewed(
        self, request: HttpRequest, queryset: QuerySet[Any]
    ) -> HttpResponse | None:
        return review.mark_reviewed(self, request, queryset)
