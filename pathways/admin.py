"""The editors' admin: markdownx editing, sources inline, history, review workflow.

Saving an item keeps a revision (django-simple-history), then renders it with
the one renderer, rebuilds its links and search entry (`editing.after_save`).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import User
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget
from simple_history.admin import SimpleHistoryAdmin

from pathways.admin_forms import ItemForm, ReviewForm, SourceForm, SourceFormSet
from pathways.admin_views import orphan_slugs
from pathways.content.canonical import default_path
from pathways.editing import Before, after_save
from pathways.models import (
    Article,
    Block,
    CrisisBox,
    GlossaryTerm,
    Item,
    Page,
    Source,
    Stage,
    Status,
    Substance,
)
from pathways.reviews import CHANGED, changed_review_pks, record_review
from pathways.search import missing_pins
from pathways.translation_admin import BlockForm  # also registers TranslationAdmin

admin.site.site_header = "Opioid Treatment Pathway: editors"
admin.site.site_title = "Pathway editors"
admin.site.index_title = "Content"
admin.site.index_template = "admin/pathways_index.html"

DUE_SOON_DAYS = 30
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


class SourceInline(GenericTabularInline):
    model = Source
    form = SourceForm
    formset = SourceFormSet  # type: ignore[assignment]
    extra = 1
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ["position", "key", "title", "publisher", "url", "edition", "published", "checked"]
    ordering = ["position"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A wrong source is part of the page's text: whoever may edit the page
        # may remove it (editors hold no delete permission on whole pages).
        if obj is None:
            return super().has_delete_permission(request, obj)
        opts = type(obj)._meta
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")


class ReviewStateFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            ("overdue", "Overdue for review"),
            ("due_soon", f"Due within {DUE_SOON_DAYS} days"),
            ("never", "Never clinically reviewed"),
            ("reviewed", "Clinically reviewed"),
            ("changed", "Changed since review"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(review_due__lt=today)
        if self.value() == "due_soon":
            return queryset.filter(
                review_due__gte=today, review_due__lte=today + datetime.timedelta(DUE_SOON_DAYS)
            )
        if self.value() == "never":
            return queryset.filter(reviewed_on__isnull=True)
        if self.value() == "reviewed":
            return queryset.filter(reviewed_on__isnull=False)
        if self.value() == "changed":
            return queryset.filter(pk__in=changed_review_pks(queryset.model))
        return queryset


class BrokenLinksFilter(admin.SimpleListFilter):
    title = "links"
    parameter_name = "links"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("broken", "Has broken links"), ("orphan", "Orphan (no page links here)")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "broken":
            return queryset.exclude(broken_links=[])
        if self.value() == "orphan":
            return queryset.filter(slug__in=orphan_slugs())
        return queryset


class ItemAdmin(SimpleHistoryAdmin):
    form = ItemForm
    formfield_overrides = {MarkdownxField: {"widget": AdminMarkdownxWidget}}
    search_fields = ["title", "slug", "body"]
    object_history_template = "admin/pathways/object_history.html"
    # simple-history's own list carries an inline style the security policy blocks.
    object_history_list_template = "admin/pathways/object_history_list.html"
    readonly_fields = ["version", "source_path", "broken_links_display"]
    prepopulated_fields: dict[str, tuple[str, ...]] = {"slug": ("title",)}

    class Media:
        css = {"all": ["pathways/admin-editor.css"]}

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        """A new item starts as a draft, dated today: publishing is a decision."""
        initial: dict[str, Any] = super().get_changeform_initial_data(request)
        initial.setdefault("status", Status.DRAFT)
        initial.setdefault("updated", timezone.localdate())
        return initial

    @admin.display(description="Broken links")
    def broken_links_display(self, obj: Item) -> str:
        return ", ".join(f"[[{slug}]]" for slug in obj.broken_links) or "none"

    def view_on_site(self, obj: Item) -> str:
        if obj.is_published:
            return str(obj.get_absolute_url())  # type: ignore[attr-defined]
        return reverse("pathways_preview", args=[obj.kind, obj.pk])

    def save_model(self, request: HttpRequest, obj: Item, form: Any, change: bool) -> None:
        before = Before.of(obj)
        obj._before = before  # type: ignore[attr-defined]
        if before is not None and before.slug != obj.slug and obj.source_path:
            obj.source_path = default_path(obj)  # export writes the file for the new slug
        if change:
            obj.version = (form.cleaned_data.get("loaded_version") or obj.version) + 1
        obj._change_reason = "admin edit"  # type: ignore[attr-defined]
        if "/history/" in request.path and isinstance(obj, Page):
            # A restore brings back old text, not an old review: the review on
            # record stays, and is current again only if the text is what was signed.
            current = type(obj).objects.filter(pk=obj.pk).values(*REVIEW_FIELDS).first()
            for name, value in (current or {}).items():
                setattr(obj, name, value)
        super().save_model(request, obj, form, change)
        if "/history/" in request.path:
            # Restoring a revision saves through here with no inlines, so
            # save_related never runs: render and relink now.
            after_save(obj, before)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        obj = form.instance
        broken = after_save(obj, getattr(obj, "_before", None))
        if broken:
            self.message_user(
                request,
                "Saved, but these links point to no page and show as plain text: "
                + ", ".join(f"[[{slug}]]" for slug in broken),
                messages.WARNING,
            )
        if obj.kind == "article":
            self.warn_about_crisis_pins(request)

    def warn_about_crisis_pins(self, request: HttpRequest) -> None:
        missing = missing_pins()
        if missing:
            self.message_user(
                request,
                "Searches for crisis words put these pages first, but no published article "
                "has their address now: " + ", ".join(missing) + ". Publish them, or ask a "
                "developer to change the pins (CRISIS_PINS in pathways/search.py).",
                messages.WARNING,
            )


class PageAdmin(ItemAdmin):
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
        """A deliberate step with its own form: who reviewed, when, and when next."""
        today = timezone.localdate()
        if "apply" in request.POST:
            form = ReviewForm(request.POST)
            if form.is_valid():
                for item in queryset:
                    # Bound to the text as it is now (pathways.reviews).
                    record_review(
                        item,
                        form.cleaned_data["reviewer"],
                        form.cleaned_data["reviewed_on"],
                        "admin",
                        review_due=form.cleaned_data["review_due"],
                    )
                self.message_user(
                    request,
                    f"Marked {queryset.count()} page(s) clinically reviewed.",
                    messages.SUCCESS,
                )
                return None
        else:
            user = request.user
            name = (user.get_full_name() if isinstance(user, User) else "") or user.get_username()
            form = ReviewForm(
                initial={
                    "reviewer": name,
                    "reviewed_on": today,
                    "review_due": today + datetime.timedelta(days=365),
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "title": "Mark clinically reviewed",
            "items": queryset,
            "form": form,
            "opts": self.model._meta,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/pathways/mark_reviewed.html", context)


@admin.register(Article)
class ArticleAdmin(PageAdmin):
    list_display = ["title", "stage_name", *PageAdmin.list_display[1:]]
    list_filter = ["status", "stage", "substances", ReviewStateFilter, BrokenLinksFilter]
    list_select_related = ["stage"]
    search_fields = ["title", "slug", "summary", "body", "also_called"]
    filter_horizontal = ["substances"]

    @admin.display(description="Stage", ordering="stage__number")
    def stage_name(self, obj: Article) -> str:
        # The short title keeps the column narrow enough for 1280 px screens.
        return obj.stage.short_title if obj.stage else "—"

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


@admin.register(Stage)
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


@admin.register(Substance)
class SubstanceAdmin(PageAdmin):
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


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(ItemAdmin):
    list_display = ["title", "slug", "status", "broken_links_display"]
    list_filter = ["status"]
    search_fields = ["title", "slug", "body", "also_called"]
    fields = [
        "title",
        "slug",
        "link_text",
        "status",
        "also_called",
        "body",
        "version",
        "source_path",
        "broken_links_display",
        "loaded_version",
    ]


@admin.register(CrisisBox)
class CrisisBoxAdmin(ItemAdmin):
    inlines = [SourceInline]
    list_display = ["title", "status", "updated", "review_due"]
    prepopulated_fields: dict[str, tuple[str, ...]] = {}  # there is one, with the slug "crisis"
    fields = [
        "title",
        "slug",
        "status",
        "body",
        "updated",
        "review_due",
        "version",
        "source_path",
        "broken_links_display",
        "loaded_version",
    ]


@admin.register(Block)
class BlockAdmin(ItemAdmin):
    """Shared text that pages include with {{include slug}}, with its own sources."""

    # The overdose steps' form carries the Spanish steps: they change together.
    form = BlockForm
    inlines = [SourceInline]
    list_display = ["title", "slug", "status", "updated", "review_due", "broken_links_display"]
    list_filter = ["status"]
    fields = [
        "title",
        "slug",
        "status",
        "body",
        "updated",
        "review_due",
        "version",
        "source_path",
        "broken_links_display",
        "loaded_version",
    ]
