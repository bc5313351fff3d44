"""Search in Spanish: accent-insensitive, stemmed, with Spanish synonyms and crisis pins.

English search (pathways.search) is left as it is; Spanish pages have their
own entries (`TranslatedSearchEntry`). On SQLite each entry's words are
accent-folded and cut to their Snowball stems (snowballstemmer's Spanish
stemmer) in Python, at index time and at query time alike, and kept in an FTS5
table whose tokenizer also removes diacritics. On PostgreSQL the entry's
`document` is a tsvector in the `spanish` configuration over `unaccent(...)`
(migration 0004 creates the extension and the GIN index), queried the same way.

The query goes through the same cleaning, synonym expansion, best bets,
crisis pins and spelling correction as English search, in Spanish words.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import re
import unicodedata
from typing import Any

import snowballstemmer
from django.core.cache import cache
from django.db import connection
from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Coalesce

from pathways.models import Status, TranslatedSearchEntry, Translation
from pathways.rendering import plain_text
from pathways.search import (
    CRISIS_PINS,
    MAX_RESULTS,
    PAGE_SIZE,
    SYNONYM_SEPARATOR,
    Result,
    SearchResults,
    clean_query,
    excerpt,
    query_terms,
    search_version,
)

FTS = "pathways_translatedsearch_fts"
PG_CONFIG = "spanish"
WEIGHTS = "10.0, 6.0, 4.0, 1.0"
LIST_FIELDS = ["kind", "slug", "english_slug", "title", "synonyms", "summary", "url"]

# Matched on the accent-folded, lowercased query.
SUICIDE_WORDS = re.compile(
    r"\b(suicid\w*|quitarme la vida|quitarse la vida|matarme|me quiero morir|quiero morir|"
    r"no quiero vivir|hacerme dano|autolesion\w*)\b"
)
OVERDOSE_WORDS = re.compile(
    r"\b(sobre ?dosis|od|no respira\w*|dejo de respirar|no puede respirar|no despierta|"
    r"no reacciona|inconsciente|labios azules|narcan|naloxona)\b"
)
GENERAL_CRISIS_WORDS = re.compile(r"\b(emergencia|crisis|ayuda ya|urgente|auxilio)\b")


def fold(text: str) -> str:
    """Lowercase, without accents ("Sobredósis" -> "sobredosis"; ñ -> n)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=1)
def _stemmer() -> Any:
    return snowballstemmer.stemmer("spanish")


@functools.lru_cache(maxsize=50_000)
def stem_word(word: str) -> str:
    return str(_stemmer().stemWord(word))


def stems(text: str) -> list[str]:
    """The folded words of a text, each cut to its Spanish stem."""
    return [stem_word(w) for w in query_terms(fold(text))]


def stemmed(text: str) -> str:
    return " ".join(stems(text))


# -- The index ------------------------------------------------------------------


def ensure_fts() -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5("
            "title, synonyms, summary, body, tokenize='unicode61 remove_diacritics 2')"
        )


def pg_document() -> Any:
    from django.contrib.postgres.search import SearchVector

    def field(name: str, weight: str) -> Any:
        text = Coalesce(F(name), Value(""), output_field=TextField())
        return SearchVector(
            Func(text, function="unaccent", output_field=TextField()),
            weight=weight,
            config=PG_CONFIG,
        )

    return field("title", "A") + field("synonyms", "B") + field("summary", "B") + field("body", "D")


def entry_fields(tr: Translation) -> dict[str, Any]:
    from pathways.translations import translated_url

    body = plain_text(tr.body_html)
    if tr.kind == "substance":
        body += " " + " ".join(plain_text(h) for h in (tr.stage_notes_html or {}).values())
    featured = False
    if tr.kind in {"article", "stage", "substance"}:
        from pathways.models import ITEM_MODELS

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
    if tr.kind in {"crisis", "block"}:
        return
    if tr.status != Status.PUBLISHED or not english_published:
        forget_translation(tr)
        return
    entry, _ = TranslatedSearchEntry.objects.update_or_create(
        language=tr.language, kind=tr.kind, english_slug=tr.english_slug, defaults=entry_fields(tr)
    )
    if connection.vendor == "postgresql":
        TranslatedSearchEntry.objects.filter(pk=entry.pk).update(document=pg_document())
    else:
        ensure_fts()
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS} WHERE rowid = %s", [entry.pk])
            cursor.execute(
                f"INSERT INTO {FTS}(rowid, title, synonyms, summary, body) "
                "VALUES (%s, %s, %s, %s, %s)",
                [
                    entry.pk,
                    stemmed(entry.title),
                    stemmed(entry.synonyms),
                    stemmed(entry.summary),
                    stemmed(entry.body),
                ],
            )
    bump()


def forget_translation(tr: Translation) -> None:
    pks = list(
        TranslatedSearchEntry.objects.filter(
            language=tr.language, kind=tr.kind, english_slug=tr.english_slug
        ).values_list("pk", flat=True)
    )
    if not pks:
        return
    TranslatedSearchEntry.objects.filter(pk__in=pks).delete()
    if connection.vendor == "sqlite":
        ensure_fts()
        with connection.cursor() as cursor:
            for pk in pks:
                cursor.execute(f"DELETE FROM {FTS} WHERE rowid = %s", [pk])
    bump()


def bump() -> None:
    try:
        cache.incr("search:es:version")
    except ValueError:
        cache.set("search:es:version", 2)


def es_version() -> str:
    return f"{search_version()}.{cache.get_or_set('search:es:version', 1) or 1}"


# -- Querying -------------------------------------------------------------------


def quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def rank(terms: list[str], extra: list[str], match_all: bool, language: str) -> list[int]:
    spec = json.dumps([connection.vendor, language, terms, extra, match_all]).encode()
    key = f"search:es:ids:{es_version()}:{hashlib.sha256(spec).hexdigest()[:32]}"
    ids: list[int] | None = cache.get(key)
    if ids is None:
        if connection.vendor == "postgresql":
            ids = rank_postgres(terms, extra, match_all, language)
        else:
            ids = rank_sqlite(terms, extra, match_all, language)
        cache.set(key, ids, 600)
    return ids


def rank_sqlite(terms: list[str], extra: list[str], match_all: bool, language: str) -> list[int]:
    ensure_fts()
    words = [stem_word(fold(t)) for t in terms]
    groups = [(" AND " if match_all else " OR ").join(quote(w) for w in words)]
    for phrase in extra:
        phrase_stems = stems(phrase)
        if phrase_stems:
            groups.append(" AND ".join(quote(w) for w in phrase_stems))
    expression = " OR ".join(f"({g})" for g in groups)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT f.rowid FROM {FTS} f JOIN pathways_translatedsearchentry e "
            f"ON e.id = f.rowid WHERE {FTS} MATCH %s AND e.language = %s "
            f"ORDER BY bm25({FTS}, {WEIGHTS}) LIMIT %s",
            [expression, language, MAX_RESULTS],
        )
        return [row[0] for row in cursor.fetchall()]


def rank_postgres(terms: list[str], extra: list[str], match_all: bool, language: str) -> list[int]:
    from django.contrib.postgres.search import SearchQuery, SearchRank

    parts = [SearchQuery(fold(t), search_type="plain", config=PG_CONFIG) for t in terms]
    query = parts[0]
    for part in parts[1:]:
        query = (query & part) if match_all else (query | part)
    for phrase in extra:
        query = query | SearchQuery(fold(phrase), search_type="plain", config=PG_CONFIG)
    rows = (
        TranslatedSearchEntry.objects.filter(language=language, document=query)
        .annotate(rank=SearchRank(F("document"), query))
        .order_by("-rank", "title")
        .values_list("pk", flat=True)[:MAX_RESULTS]
    )
    return list(rows)


def glossary_names(language: str) -> list[tuple[str, list[str]]]:
    key = f"search:es:glossary:{es_version()}:{language}"
    names: list[tuple[str, list[str]]] | None = cache.get(key)
    if names is None:
        names = [
            (title, list(also or []))
            for title, also in Translation.objects.filter(
                language=language, kind="term", status=Status.PUBLISHED
            ).values_list("title", "also_called")
        ]
        cache.set(key, names, 3600)
    return names


def synonym_expansions(text: str, language: str) -> list[str]:
    """Spanish glossary terms whose other names are in the query ("malilla" -> "Abstinencia")."""
    lowered = f" {' '.join(query_terms(fold(text)))} "
    out = []
    for title, names in glossary_names(language):
        for name in names:
            words = " ".join(query_terms(fold(name)))
            if words and f" {words} " in lowered and fold(title) not in lowered:
                out.append(title)
                break
    return out


def vocabulary(language: str) -> list[str]:
    key = f"search:es:vocabulary:{es_version()}:{language}"
    words: list[str] | None = cache.get(key)
    if words is None:
        found: set[str] = set()
        for title, synonyms in TranslatedSearchEntry.objects.filter(language=language).values_list(
            "title", "synonyms"
        ):
            found.update(w for w in query_terms(fold(f"{title} {synonyms}")) if len(w) > 3)
        words = sorted(found)
        cache.set(key, words, 3600)
    return words


def correct_spelling(terms: list[str], language: str) -> list[str]:
    words = vocabulary(language)
    out = []
    for term in terms:
        folded = fold(term)
        if len(folded) <= 3 or folded in words:
            out.append(term)
            continue
        close = difflib.get_close_matches(folded, words, n=1, cutoff=0.75)
        out.append(close[0] if close else term)
    return out


def crisis_pins(query: str) -> list[str]:
    """English slugs of the articles to pin first, as English search pins them."""
    from pathways.search import resolve_pins

    folded = fold(query)
    if SUICIDE_WORDS.search(folded):
        return resolve_pins(CRISIS_PINS["suicide"])
    if OVERDOSE_WORDS.search(folded):
        return resolve_pins(CRISIS_PINS["overdose"])
    if GENERAL_CRISIS_WORDS.search(folded):
        return resolve_pins(CRISIS_PINS["general"])
    return []


def best_bets(query: str, entries: list[TranslatedSearchEntry]) -> list[TranslatedSearchEntry]:
    wanted = " ".join(query_terms(fold(query)))

    def order(entry: TranslatedSearchEntry) -> int:
        names = [entry.title, *entry.synonyms.split(SYNONYM_SEPARATOR)]
        if not any(" ".join(query_terms(fold(n))) == wanted for n in names):
            return 2
        return 1 if entry.kind == "term" else 0

    return sorted(entries, key=order)


def search(raw_query: str, page: int = 1, language: str = "es") -> SearchResults:
    query, trimmed = clean_query(raw_query)
    out = SearchResults(query=query, trimmed=trimmed)
    terms = query_terms(query)
    if not terms:
        return out
    pinned = crisis_pins(query)
    out.crisis = bool(pinned)
    extra = synonym_expansions(query, language)
    ids = rank(terms, extra, True, language) or rank(terms, extra, False, language)
    if not ids:
        corrected = correct_spelling(terms, language)
        if corrected and corrected != terms:
            ids = rank(
                corrected, synonym_expansions(" ".join(corrected), language), False, language
            )
            if ids:
                out.corrected = " ".join(corrected)
    light = TranslatedSearchEntry.objects.only(*LIST_FIELDS)
    entries = {e.pk: e for e in light.filter(pk__in=ids)}
    ordered = best_bets(query, [entries[i] for i in ids if i in entries])
    if pinned:
        top = list(light.filter(language=language, kind="article", english_slug__in=pinned))
        top.sort(key=lambda e: pinned.index(e.english_slug))
        top_ids = {e.pk for e in top}
        ordered = top + [e for e in ordered if e.pk not in top_ids]
    out.total = len(ordered)
    out.pages = max(1, -(-out.total // PAGE_SIZE))
    out.page = min(max(1, page), out.pages)
    start = (out.page - 1) * PAGE_SIZE
    shown = ordered[start : start + PAGE_SIZE]
    texts = dict(
        TranslatedSearchEntry.objects.filter(pk__in=[e.pk for e in shown]).values_list("pk", "body")
    )
    marks = [fold(t) for t in terms] + [w for p in extra for w in query_terms(fold(p))]
    if out.corrected:
        marks += out.corrected.split()
    pinned_set = set(pinned)
    results = []
    for e in shown:
        e.body = texts.get(e.pk, "")
        results.append(
            Result(
                kind=e.kind,
                slug=e.slug,
                title=e.title,
                url=e.url,
                excerpt=excerpt(e, marks),  # type: ignore[arg-type]
                pinned=e.english_slug in pinned_set and e.kind == "article",
            )
        )
    out.results = results
    return out
