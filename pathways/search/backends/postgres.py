"""PostgreSQL search: English matched on the whole text, ranked on a small vector.

Matching. Every English entry's weighted vector (title, other names, summary,
body) exists only as the expression of the GIN index
`pathways_searchentry_match` (migration 0006), never as a stored column. A
stored vector of a long page is TOASTed, and for a common word the planner
would read all of them in a sequential scan; an expression it would have to
recompute per row is one it always fetches through the index instead.
`MATCH` must therefore stay, character for character, the index's expression.

Ranking. `ts_rank` over thousands of whole-page vectors is what made common
words slow, so each entry also stores `ranking`: its title (weight A), other
names and summary (B) and the opening of its body (D), kept small and inline
in the row. Matches are ranked in two stages: first those whose ranking
vector matches, by `ts_rank` on it; then, while there is room, matches found
only further into a body. Those have next to no ranking signal (some of the
words, at most, in the opening), so whichever the scan meets first fill the
room, in that rank and then title order; on a site of a few hundred pages
that is all of them.

Translated (Spanish) entries are few; they keep a stored vector in the
`spanish` configuration over `unaccent(...)` (migration 0004), ranked whole.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Func, TextField, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce

from pathways.models import TranslatedSearchEntry

CONFIG = "english"
TABLE = "pathways_searchentry"
# Characters of the body the ranking vector keeps. Longer ranks closer to the
# whole page but makes every matching row dearer to rank; migration 0006 fills
# existing rows with the same cut.
RANKING_BODY_CHARS = 1000
MATCH = (
    "(setweight(to_tsvector('english'::regconfig, title), 'A') || "
    "setweight(to_tsvector('english'::regconfig, synonyms), 'B') || "
    "setweight(to_tsvector('english'::regconfig, summary), 'B') || "
    "setweight(to_tsvector('english'::regconfig, body), 'D'))"
)
TRANSLATED_CONFIG = "spanish"


def opening(body: str) -> str:
    """The words of the body that end within RANKING_BODY_CHARS characters.

    Never half a word: a cut word would be a lexeme the page doesn't contain,
    and the ranking vector must only hold words the whole page matches.
    """
    if len(body) <= RANKING_BODY_CHARS:
        return body
    return re.sub(r"\s*\S*\Z", "", body[: RANKING_BODY_CHARS + 1])


def ranking(fields: Mapping[str, Any]) -> Combinable:
    """The ranking vector of an entry being saved, computed in the same statement."""

    def part(text: str, weight: str) -> Combinable:
        return SearchVector(Value(text), weight=weight, config=CONFIG)

    return (
        part(fields["title"], "A")
        + part(fields["synonyms"], "B")
        + part(fields["summary"], "B")
        + part(opening(fields["body"]), "D")
    )


def tsquery(terms: list[str], phrases: list[str], match_all: bool) -> tuple[str, list[str]]:
    """SQL for the words (all or any of them) or any phrase, and its parameters.

    plainto_tsquery treats its input as words, so no query text is syntax.
    """
    word = f"plainto_tsquery('{CONFIG}', %s)"
    sql = (" && " if match_all else " || ").join([word] * len(terms))
    for _ in phrases:
        sql = f"({sql}) || {word}"
    return f"({sql})", [*terms, *phrases]


def ranked_ids(terms: list[str], phrases: list[str], match_all: bool, limit: int) -> list[int]:
    query, params = tsquery(terms, phrases, match_all)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {TABLE} WHERE ranking @@ {query} "
            f"ORDER BY ts_rank(ranking, {query}) DESC, title LIMIT %s",
            [*params, *params, limit],
        )
        ids = [row[0] for row in cursor.fetchall()]
        if len(ids) < limit:
            # No ORDER BY inside: the scan stops as soon as the room is full.
            cursor.execute(
                f"SELECT id FROM (SELECT id, title, ranking FROM {TABLE} "
                f"WHERE {MATCH} @@ {query} AND (ranking @@ {query}) IS NOT TRUE LIMIT %s) "
                f"AS further ORDER BY ts_rank(ranking, {query}) DESC, title",
                [*params, *params, limit - len(ids), *params],
            )
            ids += [row[0] for row in cursor.fetchall()]
    return ids


# -- Translated entries ----------------------------------------------------------


def translated_document() -> Combinable:
    def field(name: str, weight: str) -> Combinable:
        text = Coalesce(F(name), Value(""), output_field=TextField())
        return SearchVector(
            Func(text, function="unaccent", output_field=TextField()),
            weight=weight,
            config=TRANSLATED_CONFIG,
        )

    return field("title", "A") + field("synonyms", "B") + field("summary", "B") + field("body", "D")


def update_translated_document(pk: int) -> None:
    TranslatedSearchEntry.objects.filter(pk=pk).update(document=translated_document())


def ranked_translated_ids(
    terms: list[str], phrases: list[str], match_all: bool, language: str, limit: int
) -> list[int]:
    """Folded words and phrases, matched and ranked on the stored Spanish vector."""
    parts = [SearchQuery(t, search_type="plain", config=TRANSLATED_CONFIG) for t in terms]
    query = parts[0]
    for part in parts[1:]:
        query = (query & part) if match_all else (query | part)
    for phrase in phrases:
        query = query | SearchQuery(phrase, search_type="plain", config=TRANSLATED_CONFIG)
    rows = (
        TranslatedSearchEntry.objects.filter(language=language, document=query)
        .annotate(rank=SearchRank(F("document"), query))
        .order_by("-rank", "title")
        .values_list("pk", flat=True)[:limit]
    )
    return list(rows)
