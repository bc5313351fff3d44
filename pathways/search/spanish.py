"""Search in Spanish: accent-insensitive, stemmed, with Spanish synonyms and crisis pins.

Spanish pages have their own entries (`TranslatedSearchEntry`), apart from
English search. On SQLite each entry's words are accent-folded and cut to
their Snowball stems (snowballstemmer's Spanish stemmer) in Python, at index
time and at query time alike; on PostgreSQL the `spanish` configuration stems
`unaccent`ed text. The query goes through the same cleaning, synonym
expansion, best bets, crisis pins and spelling correction as English search,
in Spanish words.
"""

from __future__ import annotations

import functools
from typing import Any

import snowballstemmer
from django.db import connection

from pathways.models import ITEM_MODELS, Status, TranslatedSearchEntry, Translation
from pathways.models.translations import translated_url
from pathways.rendering import plain_text
from pathways.search.backends import postgres, sqlite
from pathways.search.lookups import correct_spelling, synonym_expansions
from pathways.search.pins import crisis_pages
from pathways.search.query import SYNONYM_SEPARATOR, clean_query, fold, query_terms, words
from pathways.search.results import MAX_RESULTS, SearchResults, arrange, fill_page, matching_ids
from pathways.search.versions import bump_translation_version, remembered_ids, translation_version

UNINDEXED = {"crisis", "block"}  # kinds with no page of their own


@functools.lru_cache(maxsize=1)
def _stemmer() -> Any:
    return snowballstemmer.stemmer("spanish")


@functools.lru_cache(maxsize=50_000)
def stem_word(word: str) -> str:
    return str(_stemmer().stemWord(word))


def stems(text: str) -> list[str]:
    """The folded words of a text, each cut to its Spanish stem (all of them: a
    page is indexed by every word, not by a query's first few)."""
    return [stem_word(w) for w in words(fold(text))]


def stemmed(text: str) -> str:
    return " ".join(stems(text))


# -- The index ------------------------------------------------------------------


def entry_fields(tr: Translation) -> dict[str, Any]:
    body = plain_text(tr.body_html)
    if tr.kind == "substance":
        body += " " + " ".join(plain_text(h) for h in (tr.stage_notes_html or {}).values())
    featured = False
    if tr.kind in {"article", "stage", "substance"}:
        featured = bool(
            ITEM_MODELS[tr.kind]
            .objects.filter(slug=tr.english_slug)
            .values_list("featured", flat=True)
            .first()
        )
    return {
        "slug": tr.slug,
        "title": tr.title,
        "synonyms": SYNONYM_SEPARATOR.join(tr.also_called or []),
        "summary": tr.summary,
        "body": body,
        "url": translated_url(tr.kind, tr.slug, tr.language),
        "featured": featured,
    }


def index_translation(tr: Translation, english_published: bool = True) -> None:
    """Present while the translation and its English original are published."""
    if tr.kind in UNINDEXED:
        return
    if tr.status != Status.PUBLISHED or not english_published:
        forget_translation(tr)
        return
    entry, _ = TranslatedSearchEntry.objects.update_or_create(
        language=tr.language, kind=tr.kind, english_slug=tr.english_slug, defaults=entry_fields(tr)
    )
    if connection.vendor == "postgresql":
        postgres.update_translated_document(entry.pk)
    else:
        write_stemmed(entry)
    bump_translation_version()


def write_stemmed(entry: TranslatedSearchEntry) -> None:
    """SQLite: the entry's FTS row, every word folded and stemmed."""
    sqlite.write_translated(
        entry.pk,
        stemmed(entry.title),
        stemmed(entry.synonyms),
        stemmed(entry.summary),
        stemmed(entry.body),
    )


def forget_translation(tr: Translation) -> None:
    entries = TranslatedSearchEntry.objects.filter(
        language=tr.language, kind=tr.kind, english_slug=tr.english_slug
    )
    pks = list(entries.values_list("pk", flat=True))
    if not pks:
        return
    TranslatedSearchEntry.objects.filter(pk__in=pks).delete()
    if connection.vendor == "sqlite":
        sqlite.forget_translated(pks)
    bump_translation_version()


# -- Querying -------------------------------------------------------------------


def rank(terms: list[str], extra: list[str], match_all: bool, language: str) -> list[int]:
    """The ranking, kept until the index changes (see `remembered_ids`)."""

    def fresh() -> list[int]:
        if connection.vendor == "postgresql":
            return postgres.ranked_translated_ids(
                [fold(t) for t in terms], [fold(p) for p in extra], match_all, language, MAX_RESULTS
            )
        return sqlite.ranked_translated_ids(
            [stem_word(fold(t)) for t in terms],
            [stems(p) for p in extra],
            match_all,
            language,
            MAX_RESULTS,
        )

    spec: list[object] = [connection.vendor, language, terms, extra, match_all]
    return remembered_ids(f"search:translated:ids:{translation_version()}", spec, fresh)


def search(raw_query: str, page: int = 1, language: str = "es") -> SearchResults:
    query, trimmed = clean_query(raw_query)
    out = SearchResults(query=query, trimmed=trimmed)
    terms = query_terms(query)
    if not terms:
        return out
    pinned = crisis_pages(query, language)
    out.crisis = bool(pinned)
    extra = synonym_expansions(query, language)
    ids, corrected = matching_ids(
        terms,
        extra,
        lambda t, e, match_all: rank(t, e, match_all, language),
        lambda t: correct_spelling(t, language),
        lambda text: synonym_expansions(text, language),
    )
    out.corrected = " ".join(corrected)
    entries = TranslatedSearchEntry.objects.filter(language=language)
    ordered, top = arrange(entries, ids, query, fold, pinned, pinned_by="english_slug")
    marks = [fold(t) for t in terms] + [w for p in extra for w in query_terms(fold(p))] + corrected
    fill_page(out, ordered, page, marks, entries, top)
    return out
