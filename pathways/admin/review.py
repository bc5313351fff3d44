"""Recording a clinical review from the admin: a deliberate step with its own form.

Only the "Clinical reviewers" group holds the permission (`mark_reviewed`);
the review is bound to the text as it is now (pathways.reviews).
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from pathways.reviews import record_review


class ReviewForm(forms.Form):
    """What a clinical reviewer records when marking pages reviewed."""

    reviewer = forms.CharField(
        max_length=200,
        label="Reviewer name and credentials",
        help_text="As it should appear on the page, e.g. “Dana Rivera, MD, FASAM”.",
    )
    reviewed_on = forms.DateField(
        label="Date of review", widget=forms.DateInput(attrs={"type": "date"})
    )
    review_due = forms.DateField(
        label="Next review due",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="At most 12 months ahead; at most 6 for pages with fast-changing rules.",
    )

    def clean_reviewed_on(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["reviewed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("A review can't be dated in the future.")
        return value

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        reviewed, due = cleaned.get("reviewed_on"), cleaned.get("review_due")
        if reviewed and due:
            if due <= reviewed:
                raise forms.ValidationError("The next review must come after this one.")
            if due > reviewed + datetime.timedelta(days=366):
                raise forms.ValidationError("The next review is due within 12 months.")
        return cleaned


def mark_reviewed(
    model_admin: Any, request: HttpRequest, queryset: QuerySet[Any]
) -> HttpResponse | None:
    """The action's form (who reviewed, when, and when next), then the review recorded."""
    today = timezone.localdate()
    if "apply" in request.POST:
        form = ReviewForm(request.POST)
        if form.is_valid():
            for item in queryset:
                record_review(
                    item,
                    form.cleaned_data["reviewer"],
                    form.cleaned_data["reviewed_on"],
                    "admin",
                    review_due=form.cleaned_data["review_due"],
                )
            model_admin.message_user(
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
        **model_admin.admin_site.each_context(request),
        "title": "Mark clinically reviewed",
        "items": queryset,
        "form": form,
        "opts": model_admin.model._meta,
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/pathways/mark_reviewed.html", context)
