"""The change lists' filters: review state, broken links and orphans."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from pathways.admin.attention import orphan_slugs
from pathways.reviews import changed_review_pks

DUE_SOON_DAYS = 30


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
