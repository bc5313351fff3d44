"""From a query's words to a page of results, the same way in every language.

Each language supplies its own ranking, spelling and synonym lookups; what
they share is the order of fallbacks (all the words, then any of them, then a
spelling correction), crisis pages first, and one page of escaped, marked
excerpts read fresh from the database. Ordering only ever handles ids and
names; the text of an entry is read only when it is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.safestring import SafeString

from pathways.search.excerpts import excerpt
from pathways.search.query import Normal, best_bets

MAX_RESULTS = 200
PAGE_SIZE = 10
SHOWN_FIELDS = ["kind", "slug", "title", "url", "summary", "body"]

Rank = Callable[[list[str], list[str], bool], list[int]]


@dataclass
class Result:
    kind: str
    slug: str
    title: str
    url: str
    excerpt: SafeString
    pinned: bool = False


@dataclass
class SearchResults:
    query: str  # the cleaned query as searched
    results: list[Result] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 1
    crisis: bool = False
    corrected: str = ""  # the spelling we searched instead, when we corrected one
    trimmed: bool = False

    @property
    def start(self) -> int:
        """The number of the first result on this page."""
        return (self.page - 1) * PAGE_SIZE + 1


def matching_ids(
    terms: list[str],
    extra: list[str],
    rank: Rank,
    correct: Callable[[list[str]], list[str]],
    expand: Callable[[str], list[str]],
) -> tuple[list[int], list[str]]:
    """The ranked ids and, if they came from a spelling correction, the corrected words.

    Every word first; then any of them (the same query when there is only
    one); then, when nothing matched at all, the closest spelling.
    """
    ids = rank(terms, extra, True)
    if not ids and len(terms) > 1:
        ids = rank(terms, extra, False)
    if ids:
        return ids, []
    corrected = correct(terms)
    if corrected and corrected != terms:
        ids = rank(corrected, expand(" ".join(corrected)), False)
        if ids:
            return ids, corrected
    return [], []


def arrange(
    entries: models.QuerySet[Any],
    ids: list[int],
    query: str,
    normal: Normal,
    pinned: list[str],
    pinned_by: str,
) -> tuple[list[int], list[int]]:
    """All the ids in the order shown, and the crisis pages' ids among them.

    The crisis pages come first (in pin order, found by their `pinned_by`
    slug), then best bets, then the ranking. Ordering needs only names, so
    that is all it reads.
    """
    named = entries.filter(pk__in=ids).values_list("pk", "kind", "title", "synonyms", named=True)
    found = {e.pk: e for e in named}
    ranked = [e.pk for e in best_bets(query, [found[i] for i in ids if i in found], normal)]
    articles = entries.filter(kind="article", **{f"{pinned_by}__in": pinned})
    slugs = dict(articles.values_list(pinned_by, "pk"))
    top = [slugs[slug] for slug in pinned if slug in slugs]
    first = set(top)
    return [*top, *(pk for pk in ranked if pk not in first)], top


def fill_page(
    out: SearchResults,
    ordered: list[int],
    page: int,
    marks: list[str],
    entries: models.QuerySet[Any],
    pinned: list[int],
) -> None:
    """Count and paginate the ordered ids; read and excerpt the page shown, and only it."""
    out.total = len(ordered)
    out.pages = max(1, -(-out.total // PAGE_SIZE))
    out.page = min(max(1, page), out.pages)
    start = (out.page - 1) * PAGE_SIZE
    shown = ordered[start : start + PAGE_SIZE]
    found = {e.pk: e for e in entries.filter(pk__in=shown).only(*SHOWN_FIELDS)}
    out.results = [
        Result(
            kind=e.kind,
            slug=e.slug,
            title=e.title,
            url=e.url,
            excerpt=excerpt(e, marks),
            pinned=e.pk in pinned,
        )
        for e in (found[pk] for pk in shown if pk in found)
    ]
