"""Translations in the admin, beside their English originals.

A translation is edited with the same markdownx editor and live preview (the
one renderer), keeps the same history (with its sources), and shows the
English text it translates and whether that English has changed since
(`source_hash`).

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
from django.utils import timezone
from django.utils.html import format_html
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget

from pathways.admin.forms import ItemForm
from pathways.admin.revisions import RevisionAdmin, restoring
from pathways.admin.sources import SourceInline
from pathways.admin.urls import admin_url
from pathways.content.format.parsing import normalize_body
from pathways.content.format.texthash import reader_text_hash
from pathways.content.format.translated import ALWAYS_CURRENT_BLOCK
from pathways.content_version import bump_content_version
from pathways.models import Block, Status, Translation
from pathways.translation_addresses import LANGUAGE
from pathways.translation_rendering import rerender_translations
from pathways.translation_staleness import english_hash, english_item

STEPS_REFUSAL = (
    "The overdose steps are never out of date in Spanish: change the Spanish steps "
    "(below) in the same save, so the two change together."
)
TRANSLATION_FIELDS = [
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


class TranslationForm(forms.ModelForm):  # type: ignore[type-arg]
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Translation
        fields = TRANSLATION_FIELDS

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


class TranslationAdmin(RevisionAdmin):
    form = TranslationForm
    formfield_overrides = {MarkdownxField: {"widget": AdminMarkdownxWidget}}
    inlines = [SourceInline]
    list_display = ["title", "language", "kind", "english_link", "status", "out_of_date"]
    list_filter = ["language", "kind", "status"]
    search_fields = ["title", "slug", "english_slug", "body"]
    readonly_fields = ["english_link", "english_text", "out_of_date", "version", "source_path"]
    fields = [
        *TRANSLATION_FIELDS[:3],
        "english_link",
        "out_of_date",
        "english_text",
        *TRANSLATION_FIELDS[3:],
        "version",
        "source_path",
        "loaded_version",
    ]

    class Media:
        css = {"all": ["pathways/admin-editor.css"]}

    @admin.display(description="English original")
    def english_link(self, obj: Translation) -> str:
        english = english_item(obj)
        if english is None:
            return "none (the English item is gone)"
        return format_html('<a href="{}">{}</a>', admin_url(english), english.title)

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
        restore = restoring(request)
        reason = f"restored revision #{restore.revision.history_id}" if restore else "admin edit"
        setattr(obj, "_change_reason", reason)  # noqa: B010
        super().save_model(request, obj, form, change)  # a restore's sources come back here
        if restore is not None:
            self.finish_save(request, obj)  # a restore saves no inlines: save_related never runs

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        self.finish_save(request, form.instance)

    def finish_save(self, request: HttpRequest, obj: Translation) -> None:
        """Keep the sync hash, render the language again, and say if a link is broken."""
        from pathways.content.sync.translations import refresh_current_hash

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
        from pathways.content.sync.records import source_record

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
                spanish.body = body
                spanish.source_hash = self.new_hash
                spanish.translated = timezone.localdate()
                spanish.version += 1
                spanish.status = spanish.status or Status.PUBLISHED
                setattr(spanish, "_change_reason", "changed with the English overdose steps")  # noqa: B010
                spanish.save()
                rerender_translations(spanish.language)
        return obj
