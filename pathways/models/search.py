"""Search entries: each published page (and translation) as search sees it."""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchEntry(models.Model):
    """One published page (or glossary term) as search sees it: plain text only.

    Kept current by `pathways.search.index_item` whenever an item is rendered.
    On SQLite an FTS5 table mirrors it through triggers. On PostgreSQL a GIN
    index over the weighted vector of all four texts matches, and the small
    `ranking` vector (title, other names, summary, the body's opening) ranks
    (see pathways.search.backends.postgres).
    """

    kind = models.CharField(max_length=20)
    slug = models.CharField(max_length=120)
    title = models.CharField(max_length=200)
    synonyms = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    featured = models.BooleanField(default=False)
    ranking = SearchVectorField(null=True, editable=False)  # PostgreSQL only

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "slug"], name="unique_search_entry")]

    def __str__(self) -> str:
        return self.title


class TranslatedSearchEntry(models.Model):
    """One published translation as search in its language sees it: plain text only.

    Apart from the English entries, so English search is unchanged. On SQLite
    an FTS5 table holds the stemmed, accent-folded words (pathways.search.spanish);
    on PostgreSQL `document` is a tsvector in the language's configuration with
    `unaccent`, indexed with GIN.
    """

    language = models.CharField(max_length=10, default="es")
    kind = models.CharField(max_length=20)
    slug = models.CharField(max_length=120)
    english_slug = models.CharField(max_length=120)
    title = models.CharField(max_length=200)
    synonyms = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    featured = models.BooleanField(default=False)
    document = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["language", "kind", "english_slug"], name="unique_translated_search_entry"
            )
        ]

    def __str__(self) -> str:
        return self.title
