"""One admin per kind of item: its list columns, filters, form fields and preview."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from pathways import views as public_views
from pathways.admin.filters import BrokenLinksFilter, ReviewStateFilter
from pathways.admin.items import ITEM_RECORD_FIELDS, PAGE_RECORD_FIELDS, ItemAdmin, PageAdmin
from pathways.admin.sources import SourceInline
from pathways.admin.translations import BlockForm
from pathways.search import missing_pins


class ArticleAdmin(PageAdmin):
    list_display = ["title", "stage_name", *PageAdmin.list_display[1:]]
    list_filter = ["status", "stage", "substances", ReviewStateFilter, BrokenLinksFilter]
    list_select_related = ["stage"]
    search_fields = ["title", "slug", "summary", "body", "also_called"]
    filter_horizontal = ["substances"]
    preview_page = staticmethod(public_views.article_page)
    fields = [
        "title",
        "slug",
        "link_text",
        "status",
        "summary",
        "stage",
        "substances",
        "also_called",
        "featured",
        "body",
        *PAGE_RECORD_FIELDS,
    ]

    @admin.display(description="Stage", ordering="stage__number")
    def stage_name(self, obj: Any) -> str:
        # The short title keeps the column narrow enough for 1280 px screens.
        return obj.stage.short_title if obj.stage else "—"

    def preview_queryset(self) -> QuerySet[Any]:
        return super().preview_queryset().select_related("stage").prefetch_related("substances")

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        self.warn_about_crisis_pins(request)

    def warn_about_crisis_pins(self, request: HttpRequest) -> None:
        missing = missing_pins()
        if missing:
            self.message_user(
                request,
                "Searches for crisis words put these pages first, but no published article "
                "has their address now: " + ", ".join(missing) + ". Publish them, or ask a "
                "developer to change the pins (CRISIS_PINS in pathways/search/pins.py).",
                messages.WARNING,
            )


class StageAdmin(PageAdmin):
    list_display = [
        "number",
        "title",
        "status",
        "review_state",
        "review_due",
        "broken",
        "view_link",
    ]
    preview_page = staticmethod(public_views.stage_page)
    fields = [
        "number",
        "title",
        "slug",
        "link_text",
        "status",
        "summary",
        "duration",
        "who",
        "questions",
        "body",
        *PAGE_RECORD_FIELDS,
    ]

    def preview_queryset(self) -> QuerySet[Any]:
        return super().preview_queryset().prefetch_related("articles")


class SubstanceAdmin(PageAdmin):
    preview_page = staticmethod(public_views.substance_page)
    fields = [
        "title",
        "slug",
        "link_text",
        "status",
        "summary",
        "also_called",
        "featured",
        "body",
        "stage_notes",
        *PAGE_RECORD_FIELDS,
    ]


class GlossaryTermAdmin(ItemAdmin):
    list_display = ["title", "slug", "status", "broken_links_display"]
    list_filter = ["status"]
    search_fields = ["title", "slug", "body", "also_called"]
    fields = ["title", "slug", "link_text", "status", "also_called", "body", *ITEM_RECORD_FIELDS]


class CrisisBoxAdmin(ItemAdmin):
    inlines = [SourceInline]
    list_display = ["title", "status", "updated", "review_due"]
    prepopulated_fields: dict[str, tuple[str, ...]] = {}  # there is one, with the slug "crisis"
    fields = ["title", "slug", "status", "body", "updated", "review_due", *ITEM_RECORD_FIELDS]


class BlockAdmin(ItemAdmin):
    """Shared text that pages include with {{include slug}}, with its own sources."""

    # The overdose steps' form carries the Spanish steps: they change together.
    form = BlockForm
    inlines = [SourceInline]
    list_display = ["title", "slug", "status", "updated", "review_due", "broken_links_display"]
    list_filter = ["status"]
    fields = ["title", "slug", "status", "body", "updated", "review_due", *ITEM_RECORD_FIELDS]
