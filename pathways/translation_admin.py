"""Translations in the admin, beside their English originals.

A translation is edited with the same markdownx editor and live preview (the
one renderer), keeps the same history, and shows the English text it
translates and whether that English has changed since (`source_hash`).

The English overdose steps never change without the Spanish: the English
block's form carries the Spanish steps too, and a change to the English text
is refused unless the Spanish text changes in the same save (which then
records the new English hash as the one it was translated from).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget
from simple_history.admin import SimpleHistoryAdmin

from pathways.admin_forms import ItemForm
from pathways.caching import bump_content_version
from pathways.content.parsing import normalize_body
from pathways.content.texthash import reader_text_hash
from pathways.models import ITEM_MODELS, Block, Status, Translation
from pathways.translations import (
    ALWAYS_CURRENT_BLOCK,
    LANGUAGE,
    english_hash,
    english_item,
    rerender_translations,
)

STEPS_REFUSAL = (
    "The overdose steps are never out of date in Spanish: change the Spanish steps "
    "(below) in the same save, so the two change together."
)


class TranslationForm(forms.ModelForm):  # type: ignore[type-arg]
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Translation
        fields = [
            "language",
            "kind",
            "english_slug",
            "slug",
            "title",
            "link_text",
            "summary",
            "body",
            "also_called",
            "duration",
            "who",
            "questions",
            "stage_notes",
            "source_hash",
            "translated",
            "status",
            "updated",
            "review_due",
            "valid_until",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["loaded_version"].initial = self.instance.version

    def clean_body(self) -> str:
        return normalize_body(self.cleaned_data["body"])

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        tr: Translation = self.instance
        if tr.pk:
            current = Translation.objects.filter(pk=tr.pk).values_list("version", flat=True).first()
            if cleaned.get("loaded_version") not in (None, current):
                raise forms.ValidationError(
                    "Someone else saved this translation while you were editing it. "
                    "Your text is still below: copy it, reload the page and apply it again."
                )
        if (
            cleaned.get("kind") == "block"
            and cleaned.get("english_slug") == ALWAYS_CURRENT_BLOCK
            and cleaned.get("source_hash")
        ):
            english = Block.objects.filter(slug=ALWAYS_CURRENT_BLOCK).first()
            if english is not None and english_hash(english) != cleaned["source_hash"]:
                self.add_error(
                    "source_hash",
                    "The Spanish overdose steps must be translated from the current English "
                    f"steps (hash {english_hash(english)}).",
                )
        return cleaned


@admin.register(Translation)
class TranslationAdmin(SimpleHistoryAdmin):
    form = TranslationForm
    formfield_overrides = {MarkdownxField: {"widget": AdminMarkdownxWidget}}
    list_display = ["title", "language", "kind", "english_link", "status", "out_of_date"]
    list_filter = ["language", "kind", "status"]
    search_fields = ["title", "slug", "english_slug", "body"]
    readonly_fields = ["english_link", "english_text", "out_of_date", "version", "source_path"]
    fields = [
        "language",
        "kind",
        "english_slug",
        "english_link",
        "out_of_date",
        "english_text",
        "slug",
        "title",
        "link_text",
        "summary",
        "body",
        "also_called",
        "duration",
        "who",
        "questions",
        "stage_notes",
        "source_hash",
        "translated",
        "status",
        "updated",
        "review_due",
        "valid_until",
        "version",
        "source_path",
        "loaded_version",
    ]

    class Media:
        css = {"all": ["pathways/admin-editor.css"]}

    def get_inlines(self, request: HttpRequest, obj: Any) -> list[Any]:
        from pathways.admin import SourceInline

        return [SourceInline]

    @admin.display(description="English original")
    def english_link(self, obj: Translation) -> str:
        model = ITEM_MODELS.get(obj.kind)
        english = model.objects.filter(slug=obj.english_slug).first() if model else None
        if english is None:
            return "none (the English item is gone)"
        url = reverse(f"admin:pathways_{model._meta.model_name}_change", args=[english.pk])  # type: ignore[union-attr]
        return format_html('<a href="{}">{}</a>', url, english.title)

    @admin.display(description="English text (as it is now)")
    def english_text(self, obj: Translation) -> str:
        english = english_item(obj)
        return format_html("<pre class='english-text'>{}</pre>", english.body if english else "")

    @admin.display(description="Translation out of date")
    def out_of_date(self, obj: Translation) -> str:
        english = english_item(obj)
        if english is None:
            return "English item missing"
        if english_hash(english) == obj.source_hash:
            return "no"
        return f"yes: the English changed (its hash is now {english_hash(english)})"

    def save_model(self, request: HttpRequest, obj: Translation, form: Any, change: bool) -> None:
        if change:
            obj.version += 1
        setattr(obj, "_change_reason", "admin edit")  # noqa: B010
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        from pathways.content.translations import refresh_current_hash

        obj: Translation = form.instance
        refresh_current_hash(obj)
        rerender_translations(obj.language)
        bump_content_version()
        obj.refresh_from_db()
        if obj.broken_links:
            self.message_user(
                request,
                "Saved, but these links point to no page: "
                + ", ".join(f"[[{s}]]" for s in obj.broken_links),
                messages.WARNING,
            )


class BlockForm(ItemForm):
    """The English block form; for the overdose steps it carries the Spanish steps too."""

    spanish_body = forms.CharField(
        label="Spanish steps (content/es/blocks/overdose-steps.md)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Change these in the same save whenever the English steps change.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spanish = (
            Translation.objects.filter(
                language=LANGUAGE, kind="block", english_slug=ALWAYS_CURRENT_BLOCK
            ).first()
            if self.instance.slug == ALWAYS_CURRENT_BLOCK
            else None
        )
        if self.spanish is None:
            del self.fields["spanish_body"]
        elif not self.is_bound:
            self.fields["spanish_body"].initial = self.spanish.body

    def new_english_hash(self, cleaned: dict[str, Any]) -> str:
        from pathways.content.canonical import source_record

        record = {
            "title": cleaned.get("title", self.instance.title),
            "link_text": cleaned.get("link_text", self.instance.link_text),
            "body": normalize_body(cleaned.get("body", self.instance.body)),
            "sources": [source_record(s) for s in self.instance.sources.all()]
            if self.instance.pk
            else [],
        }
        return reader_text_hash(record)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.spanish is None:
            return cleaned
        new_hash = self.new_english_hash(cleaned)
        spanish_body = normalize_body(cleaned.get("spanish_body") or "")
        unchanged = not spanish_body.strip() or spanish_body == normalize_body(self.spanish.body)
        if new_hash != self.spanish.source_hash and unchanged:
            self.add_error("body", forms.ValidationError(STEPS_REFUSAL, code="steps_es"))
        self.new_hash = new_hash
        return cleaned

    def save(self, commit: bool = True) -> Any:
        obj = super().save(commit)
        spanish = self.spanish
        if spanish is not None:
            body = normalize_body(self.cleaned_data.get("spanish_body") or "")
            changed = body != normalize_body(spanish.body)
            if body.strip() and (changed or spanish.source_hash != self.new_hash):
                from django.utils import timezone

                spanish.body = body
                spanish.source_hash = self.new_hash
                spanish.translated = timezone.localdate()
                spanish.version += 1
                spanish.status = spanish.status or Status.PUBLISHED
                setattr(spanish, "_change_reason", "changed with the English overdose steps")  # noqa: B010
                spanish.save()
                rerender_translations(spanish.language)
        return obj
