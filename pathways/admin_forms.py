"""Admin forms: stale-edit detection, canonical text, the loader's checks, the review form.

An admin save must never store what `load_content` would refuse, or the next
export would block every later load. So the forms refuse, with the loader's
own messages where it has them: a blank "updated" date, an unknown
`[[link]]` (found by the renderer, the one reader of links), a source outside
the allowed domains, and a published article with too few sources.
"""

from __future__ import annotations

import datetime
import difflib
from typing import Any

from django import forms
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.utils import timezone

from pathways.content.checks import MIN_SOURCES, TOO_FEW_SOURCES, domain_allowed
from pathways.content.parsing import normalize_body
from pathways.content.schema import SCHEMAS
from pathways.models import ITEM_MODELS, Article, Item, Redirect, SourceDomain, Status

STALE_EDIT = (
    "Someone else saved this page after you opened it (it is now at version %(current)s; "
    "you started from version %(yours)s). Your changes have NOT been saved, and nothing of "
    "theirs was overwritten. Your text is still in the form below: copy what you need, "
    "open the page again to see their version, and make your changes there."
)
NO_VERSION = (
    "This form did not say which version of the page you started from, so it can't tell "
    "whether someone else saved the page since. Your changes have NOT been saved: open the "
    "page again and make your changes there."
)
UPDATED_REQUIRED = (
    "Give the date the text last changed: a content file without it is refused by "
    "load_content (missing required field 'updated')."
)
REQUIRED_MESSAGES = {"updated": UPDATED_REQUIRED}
# Schema keys that the admin's forms call by another (model field) name.
FORM_NAMES = {"id": "key", "term": "title", "definition": "body"}


def require_like_the_schema(fields: dict[str, forms.Field], spec: dict[str, Any]) -> None:
    """A field the file format requires is required in the form too.

    The model allows blanks (a row can exist before its text is finished);
    a file can't, and the admin must not store what export would write as
    `updated: null`.
    """
    for key, (_, required) in spec.items():
        name = FORM_NAMES.get(key, key)
        if required and name in fields and not fields[name].required:
            fields[name].required = True
            fields[name].error_messages["required"] = REQUIRED_MESSAGES.get(
                key, f"Required: a content file without it is refused (missing '{key}')."
            )


def unknown_link_errors(texts: list[str], own_slug: str) -> list[str]:
    """The loader's messages for every [[link]] or include that names nothing.

    The renderer reads the links (as it does for the page), so a `[[x]]` in a
    code span is not a link here either.
    """
    from pathways.linking import build_include_map, build_slug_map
    from pathways.rendering import render_markdown

    slugs, blocks = build_slug_map(), build_include_map()
    errors: list[str] = []
    for text in texts:
        rendered = render_markdown(text, slugs, blocks)
        for slug in rendered.missing:
            if slug == own_slug:
                continue
            near = difflib.get_close_matches(slug, list(slugs), n=1)
            hint = f" (did you mean [[{near[0]}]]?)" if near else ""
            message = f"unknown link target [[{slug}]]{hint}"
            if message not in errors:
                errors.append(message)
        for slug in getattr(rendered, "missing_includes", []):
            message = f"unknown block {{{{include {slug}}}}}"
            if message not in errors:
                errors.append(message)
    return errors


def source_domain_error(url: str) -> str | None:
    """The loader's message for a source it refuses, or None."""
    domains = list(SourceDomain.objects.values_list("domain", flat=True))
    if domain_allowed(url, domains):
        return None
    if url.startswith("https://"):
        return f"source {url} is not on an allowed domain (content/sources.yml)"
    return f"source {url} must be an https:// address"


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
        require_like_the_schema(self.fields, SCHEMAS.get(self.instance.kind, {}))
        if "updated" in self.fields:
            self.fields[
                "updated"
            ].help_text = (
                "Set to today automatically whenever a save changes the text or its sources."
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
            if yours is None:
                # No version is not "no conflict": it is a form that can't tell.
                raise forms.ValidationError(NO_VERSION, code="no_version")
            if current is not None and yours != current:
                raise forms.ValidationError(
                    STALE_EDIT, code="stale", params={"current": current, "yours": yours}
                )
        self.check_like_the_loader(cleaned)
        return cleaned

    def check_like_the_loader(self, cleaned: dict[str, Any]) -> None:
        """Refuse what `load_content` would refuse once this item is exported."""
        if "body" in cleaned:
            texts = [cleaned["body"], *(cleaned.get("stage_notes") or {}).values()]
            own = cleaned.get("slug") or self.instance.slug
            for message in unknown_link_errors(texts, own):
                self.add_error("body", forms.ValidationError(message, code="unknown_link"))
            self.check_lint(cleaned)

    def check_lint(self, cleaned: dict[str, Any]) -> None:
        """The medical-safety lint, as load_content runs it: errors refuse the save.

        Every finding is stored on the item (`lint_findings`, for the dashboard),
        and the page's reasoned exceptions (from its file) apply.
        """
        from pathways.lint import lint_form

        texts: dict[str, str] = {}
        for name in ("body", "title", "summary", "duration", "who"):
            if isinstance(cleaned.get(name), str):
                texts[name] = cleaned[name]
        for index, question in enumerate(cleaned.get("questions") or []):
            texts[f"questions.{index + 1}"] = str(question)
        for stage, note in (cleaned.get("stage_notes") or {}).items():
            texts[f"stage_notes.{stage}"] = str(note)
        instance: Item = self.instance
        findings = lint_form(
            texts,
            kind=instance.kind,
            slug=cleaned.get("slug") or instance.slug,
            exceptions=list(instance.lint_exceptions or []),
            path=instance.source_path or "",
        )
        instance.lint_findings = [f.as_dict() for f in findings]
        for f in findings:
            if not f.is_error:
                continue
            name = f.field.split(".")[0]
            where = f"line {f.line} of the body" if name == "body" else f.field
            message = f"Lint error ({where}): {f.rule}: {f.message}"
            field = name if name in self.fields else None
            self.add_error(field, forms.ValidationError(message, code="lint"))


class SourceForm(forms.ModelForm):  # type: ignore[type-arg]
    """One source of a page: on an allowed domain, with what the file format requires."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from pathways.content import schema

        require_like_the_schema(self.fields, getattr(schema, "SOURCE_SPEC", {}))

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
