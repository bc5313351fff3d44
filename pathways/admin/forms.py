"""The item form: stale-edit detection, canonical text and the loader's checks.

An admin save must never store what `load_content` would refuse, or the next
export would block every later load. So the form refuses, with the loader's
own messages where it has them: a blank "updated" date, an unknown
`[[link]]` (found by the renderer, the one reader of links) and a lint error.
The sources' own checks are in `pathways.admin.sources`.
"""

from __future__ import annotations

import difflib
from typing import Any

from django import forms

from pathways.content.format.parsing import normalize_body
from pathways.content.format.schema import SCHEMAS
from pathways.models import ITEM_MODELS, Item, Redirect

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
    from pathways.publishing.maps import build_include_map, build_slug_map
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


def current_version(instance: Any) -> int | None:
    """The row's version as stored now (not the instance's, which may be an old revision's)."""
    if not instance.pk:
        return None
    version: int | None = (
        type(instance)
        ._default_manager.filter(pk=instance.pk)
        .values_list("version", flat=True)
        .first()
    )
    return version


def with_initial(form_class: type[forms.ModelForm], initial: dict[str, Any]) -> type[Any]:  # type: ignore[type-arg]
    """The form class, opening with these values in place of the instance's.

    A restore's form starts from an old revision, but the instance it is given
    reads relations (an article's substances) as they are now.
    """

    class Opened(form_class):  # type: ignore[valid-type,misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
            super().__init__(*args, **kwargs)

    Opened.__name__ = form_class.__name__
    return Opened


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
            # Restoring an old revision starts from a copy with an old version number.
            self.fields["loaded_version"].initial = current_version(self.instance)

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
        if self.instance.pk:
            current = current_version(self.instance)
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
