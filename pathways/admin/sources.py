"""An item's sources, edited inline below its text, with the loader's checks.

A source must be on an allowed domain (content/sources.yml) and carry what
the file format requires; a published article needs at least MIN_SOURCES.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.db import models
from django.http import HttpRequest

from pathways.admin.forms import require_like_the_schema
from pathways.content.format.checks import MIN_SOURCES, TOO_FEW_SOURCES, domain_allowed
from pathways.content.format.fields import SOURCE_SPEC
from pathways.models import Article, Source, SourceDomain, Status

SOURCE_FIELDS = ("position", "key", "title", "publisher", "url", "edition", "published", "checked")


def source_domain_error(url: str) -> str | None:
    """The loader's message for a source it refuses, or None."""
    domains = list(SourceDomain.objects.values_list("domain", flat=True))
    if domain_allowed(url, domains):
        return None
    if url.startswith("https://"):
        return f"source {url} is not on an allowed domain (content/sources.yml)"
    return f"source {url} must be an https:// address"


class SourceForm(forms.ModelForm):  # type: ignore[type-arg]
    """One source of a page: on an allowed domain, with what the file format requires."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        require_like_the_schema(self.fields, SOURCE_SPEC)

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        error = source_domain_error(url)
        if error:
            raise forms.ValidationError(error, code="domain")
        return url


class SourceFormSet(BaseGenericInlineFormSet):  # type: ignore[type-arg]
    """A page's sources: a published article needs at least MIN_SOURCES of them."""

    def clean(self) -> None:
        super().clean()
        parent = self.instance
        if not isinstance(parent, Article) or parent.status != Status.PUBLISHED:
            return
        kept = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("url")
        ]
        if any(form.errors for form in self.forms):
            return  # the sources' own errors come first
        if len(kept) < MIN_SOURCES:
            raise forms.ValidationError(
                TOO_FEW_SOURCES,
                code="too_few_sources",
                params={"min": MIN_SOURCES, "count": len(kept)},
            )


class SourceInline(GenericTabularInline):
    model = Source
    form = SourceForm
    formset = SourceFormSet  # type: ignore[assignment]
    extra = 1
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = SOURCE_FIELDS
    ordering = ["position"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A wrong source is part of the page's text: whoever may edit the page
        # may remove it (editors hold no delete permission on whole pages).
        if obj is None:
            return super().has_delete_permission(request, obj)
        opts = type(obj)._meta
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
