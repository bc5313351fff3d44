"""Admin forms: stale-edit detection, canonical text, slug checks, the review form."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from pathways.content.parsing import normalize_body
from pathways.models import ITEM_MODELS, Item, Redirect

STALE_EDIT = (
    "Someone else saved this page after you opened it (it is now at version %(current)s; "
    "you started from version %(yours)s). Your changes have NOT been saved, and nothing of "
    "theirs was overwritten. Your text is still in the form below: copy what you need, "
    "open the page again to see their version, and make your changes there."
)


class LinesField(forms.Field):
    """A list of short texts, edited one per line (search names, questions)."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, list):
            return "\n".join(str(v) for v in value)
        return str(value or "")

    def to_python(self, value: Any) -> list[str]:
        if isinstance(value, list):
            lines = [str(v) for v in value]
        else:
            lines = str(value or "").splitlines()
        return [line.strip() for line in lines if line.strip()]


class StageNotesField(forms.JSONField):
    """Substance notes per stage: a JSON object of stage slug to text."""

    def to_python(self, value: Any) -> Any:
        notes = super().to_python(value)
        if notes in (None, ""):
            return {}
        if not isinstance(notes, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in notes.items()
        ):
            raise forms.ValidationError('Write {"stage-slug": "note", ...} with text for each.')
        from pathways.models import Stage

        unknown = set(notes) - set(Stage.objects.values_list("slug", flat=True))
        if unknown:
            raise forms.ValidationError(f"Unknown stage(s): {', '.join(sorted(unknown))}")
        return notes


class ItemForm(forms.ModelForm):  # type: ignore[type-arg]
    """The form for every content item in the admin.

    It carries the version the editor started from; if the row has moved on
    since, the save is refused and the editor's text stays in the form, so
    neither editor's work is lost.
    """

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("also_called", "questions"):
            if name in self.fields:
                old = self.fields[name]
                self.fields[name] = LinesField(
                    required=False, label=old.label, help_text="One per line."
                )
        if "stage_notes" in self.fields:
            self.fields["stage_notes"] = StageNotesField(
                required=False, help_text='A JSON object: {"stage-slug": "note", ...}'
            )
        if self.instance.pk and not self.is_bound:
            # The row's current version, not the instance's: restoring an old
            # revision starts from a historical copy with an old version number.
            self.fields["loaded_version"].initial = (
                type(self.instance)
                .objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )

    def clean_body(self) -> str:
        return normalize_body(self.cleaned_data["body"])

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        kind = self.instance.kind
        for other_kind, model in ITEM_MODELS.items():
            others = model.objects.filter(slug=slug)
            if other_kind == kind:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                raise forms.ValidationError(f"A {other_kind} already uses the slug '{slug}'.")
        if Redirect.objects.filter(old_slug=slug).exclude(new_slug=self.instance.slug).exists():
            raise forms.ValidationError(f"'{slug}' is an old address of another page.")
        return slug

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        instance: Item = self.instance
        if instance.pk:
            current = (
                type(instance)
                .objects.filter(pk=instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            yours = cleaned.get("loaded_version")
            if current is not None and yours is not None and yours != current:
                raise forms.ValidationError(
                    STALE_EDIT, code="stale", params={"current": current, "yours": yours}
                )
        return cleaned


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
