"""Translations: an item in another language, its own row beside the English original."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import translation
from django.utils.functional import cached_property
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from pathways.models.items import CITED_RE, url_for
from pathways.models.querysets import PublishedQuerySet, Status
from pathways.models.revisions import RevisionSources

# Languages the site is published in besides English (see pathways.translation_addresses).
TRANSLATION_LANGUAGES = (("es", "Spanish"),)


def translated_url(kind: str, slug: str, language: str = "es") -> str:
    """The address of an item in a language (its own slug, or the English one for a notice)."""
    with translation.override(language):
        return url_for(kind, slug)


class Translation(models.Model):
    """One item in another language: its own row beside the English original.

    Keyed by (language, slug) for lookups by address, and by (language, kind,
    english_slug) for the English item it translates, so neither lookup is
    ambiguous. `source_hash` is the reader-text hash
    (`pathways.content.format.texthash.reader_text_hash`) of the English text it was
    translated from: when the English item's hash no longer matches, the
    translation is out of date and says so. Structure (stage, substances,
    stage number, featured) is the English item's and is never repeated here.
    """

    language = models.CharField(max_length=10, choices=TRANSLATION_LANGUAGES, default="es")
    # article, stage, substance, term, block or crisis: the English item's kind.
    kind = models.CharField(max_length=20)
    slug = models.SlugField(max_length=120, help_text="The address in this language.")
    english_slug = models.CharField(
        max_length=120, help_text="The slug of the English item this translates."
    )
    source_hash = models.CharField(
        max_length=64, help_text="The English text's reader hash when it was translated."
    )
    translated = models.DateField(null=True, blank=True)
    title = models.CharField(max_length=200)
    link_text = models.CharField(max_length=80, blank=True)
    summary = models.TextField(blank=True)
    body = MarkdownxField()
    body_html = models.TextField(blank=True, editable=False)
    toc_html = models.TextField(blank=True, editable=False)
    broken_links = models.JSONField(default=list, blank=True, editable=False)
    included_sources = models.JSONField(default=list, blank=True, editable=False)
    # The English slugs its text links to or includes, space-separated with a
    # space at each end, so a changed English item finds the texts to re-render.
    link_targets = models.TextField(blank=True, editable=False)
    also_called = models.JSONField(default=list, blank=True)
    duration = models.CharField(max_length=300, blank=True)
    who = models.CharField(max_length=300, blank=True)
    questions = models.JSONField(default=list, blank=True)
    stage_notes = models.JSONField(default=dict, blank=True)
    stage_notes_html = models.JSONField(default=dict, blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    updated = models.DateField(null=True, blank=True)
    review_due = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    source_path = models.CharField(max_length=300, blank=True, editable=False)
    baseline_hash = models.CharField(max_length=64, blank=True, editable=False)
    current_hash = models.CharField(max_length=64, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    sources = GenericRelation("Source")
    history = HistoricalRecords(bases=[RevisionSources])

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["language", "kind", "title"]
        constraints = [
            models.UniqueConstraint(fields=["language", "slug"], name="unique_translation_slug"),
            models.UniqueConstraint(
                fields=["language", "kind", "english_slug"], name="unique_translation_of"
            ),
        ]
        indexes = [models.Index(fields=["language", "kind", "english_slug"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"

    def get_absolute_url(self) -> str:
        return translated_url(self.kind, self.slug, self.language)

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @cached_property
    def cited_keys(self) -> set[str]:
        return set(CITED_RE.findall(self.body_html))
