"""Admin registrations (the full editing experience is built up in admin modules)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from simple_history.admin import SimpleHistoryAdmin

from pathways.models import Article, CrisisBox, GlossaryTerm, Source, Stage, Substance


class SourceInline(GenericTabularInline):
    model = Source
    extra = 0
    fields = ["position", "title", "publisher", "url"]


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "stage", "status", "updated", "review_due"]
    list_filter = ["status", "stage", "substances"]
    search_fields = ["title", "summary", "body"]
    inlines = [SourceInline]


for model in (Stage, Substance, CrisisBox):
    admin.site.register(model, SimpleHistoryAdmin, inlines=[SourceInline])
admin.site.register(GlossaryTerm, SimpleHistoryAdmin)
