"""Site search: one `search(query)` function over published pages and glossary terms.

Readers search with brand names, street names and misspellings, often in
distress. So a query is cleaned and trimmed (`query`), expanded with glossary
synonyms ("tranq" also searches "xylazine", `lookups`), run against full-text
search (`backends`: SQLite FTS5 or PostgreSQL's weighted vectors), retried
word-by-word and then with a spelling correction when nothing matches
(`results`), and crisis words pin the overdose and crisis pages first
(`pins`). Excerpts are built from plain text, escaped, and only then marked
(`excerpts`). `index` keeps the entries current; `spanish` searches the
Spanish pages the same way.

This module is English search itself and the names the rest of the site
uses; nothing in the package imports it.
"""

from __future__ import annotations

from django.db import connection

from pathways.models import SearchEntry
from pathways.search.backends import postgres, sqlite
from pathways.search.excerpts import EXCERPT_CHARS, excerpt, stem
from pathways.search.index import entry_fields, forget_item, index_item, rebuild_index
from pathways.search.lookups import (
    correct_spelling,
    glossary_names,
    synonym_expansions,
    vocabulary,
)
from pathways.search.pins import CRISIS_PINS, CRISIS_WORDS, crisis_pages, missing_pins, resolve_pins
from pathways.search.query import (
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    SYNONYM_SEPARATOR,
    best_bets,
    clean_query,
    query_terms,
)
from pathways.search.results import (
    MAX_RESULTS,
    PAGE_SIZE,
    Result,
    SearchResults,
    arrange,
    fill_page,
    matching_ids,
)
from pathways.search.versions import (
    RANKING_TTL,
    bump_search_version,
    remembered_ids,
    search_version,
)

__all__ = [
    "CRISIS_PINS",
    "CRISIS_WORDS",
    "EXCERPT_CHARS",
    "MAX_QUERY_LENGTH",
    "MAX_RESULTS",
    "MAX_TERMS",
    "PAGE_SIZE",
    "RANKING_TTL",
    "SYNONYM_SEPARATOR",
    "Result",
    "SearchResults",
    "best_bets",
    "bump_search_version",
    "clean_query",
    "correct_spelling",
    "crisis_pages",
    "entry_fields",
    "excerpt",
    "forget_item",
    "glossary_names",
    "index_item",
    "missing_pins",
    "query_terms",
    "rank",
    "ranked_ids",
    "rebuild_index",
    "resolve_pins",
    "search",
    "search_version",
    "stem",
    "synonym_expansions",
    "vocabulary",
]


def rank(terms: list[str], extra: list[str], match_all: bool) -> list[int]:
    """The matching entries' ids, best first, ranked afresh by the database."""
    if connection.vendor == "postgresql":
        return postgres.ranked_ids(terms, extra, match_all, MAX_RESULTS)
    phrases = [query_terms(phrase) for phrase in extra]
    return sqlite.ranked_ids(terms, phrases, match_all, MAX_RESULTS)


def ranked_ids(terms: list[str], extra: list[str], match_all: bool) -> list[int]:
    """The ranking, kept until the index changes (see `remembered_ids`)."""
    spec: list[object] = [connection.vendor, terms, extra, match_all]
    return remembered_ids(
        f"search:ids:{search_version()}", spec, lambda: rank(terms, extra, match_all)
    )


def search(raw_query: str, page: int = 1) -> SearchResults:
    query, trimmed = clean_query(raw_query)
    out = SearchResults(query=query, trimmed=trimmed)
    terms = query_terms(query)
    if not terms:
        return out
    pinned = crisis_pages(query)
    out.crisis = bool(pinned)
    extra = synonym_expansions(query)
    # `ranked_ids` is looked up here at call time, so a benchmark can swap in `rank`.
    ids, corrected = matching_ids(terms, extra, ranked_ids, correct_spelling, synonym_expansions)
    out.corrected = " ".join(corrected)
    entries = SearchEntry.objects.all()
    ordered, top = arrange(entries, ids, query, str.lower, pinned, pinned_by="slug")
    marks = terms + [w for phrase in extra for w in query_terms(phrase)] + corrected
    fill_page(out, ordered, page, marks, entries, top)
    return out
