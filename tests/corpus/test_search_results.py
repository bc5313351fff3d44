"""English search finds the right page for brand names, street names and misspellings."""

from __future__ import annotations

import pytest
from django.db import connection

from pathways.models import Article, SearchEntry, Status
from pathways.search import (
    SYNONYM_SEPARATOR,
    crisis_pages,
    index_item,
    query_terms,
    search,
    synonym_expansions,
)
from pathways.search.results import PAGE_SIZE, matching_ids

pytestmark = pytest.mark.usefixtures("corpus")


def first_slugs(query: str, n: int = 3) -> list[str]:
    return [r.slug for r in search(query).results[:n]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Dilaudid", "hydromorphone"),
        ("Suboxone", "buprenorphine"),
        ("Narcan", "naloxone"),
        ("dope sick", "heroin-withdrawal"),
        ("withdrawals", "heroin-withdrawal"),
        ("Vivitrol", "naltrexone"),
        ("tranq", "xylazine"),
        ("methadone clinic", "opioid-treatment-programs"),
    ],
)
def test_search_finds_by_other_names(query: str, expected: str) -> None:
    assert expected in first_slugs(query, 5)


@pytest.mark.parametrize(
    ("query", "first"),
    [("Suboxone", "buprenorphine"), ("Vivitrol", "naltrexone"), ("Dilaudid", "hydromorphone")],
)
def test_an_exact_other_name_comes_first(query: str, first: str) -> None:
    assert first_slugs(query, 1) == [first]


@pytest.mark.parametrize(
    "query", ["naltrexone", "pregnancy", "heroin", "fentanyl", "xylazine", "telehealth"]
)
def test_the_page_named_for_the_word_comes_first(query: str) -> None:
    assert query in search(query).results[0].title.lower()


@pytest.mark.parametrize(
    "query", ["methadone", "treatment", "medication", "recovery", "heroin", "fentanyl"]
)
def test_on_postgresql_title_matches_come_before_every_other_match(query: str) -> None:
    """Weight A (the title) outranks any number of mentions elsewhere; best bets aside."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's bm25 weighs titles heavily but not absolutely")
    assert not synonym_expansions(query) and not crisis_pages(query)
    wanted = " ".join(query_terms(query))
    pages = range(1, search(query).pages + 1)
    order = {r.slug: i for i, r in enumerate(r for p in pages for r in search(query, p).results)}
    flags = []
    for entry in SearchEntry.objects.filter(slug__in=order):
        names = [entry.title, *entry.synonyms.split(SYNONYM_SEPARATOR)]
        if any(" ".join(query_terms(n)) == wanted for n in names):
            continue  # a best bet, first whatever its title says
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT to_tsvector('english', %s) @@ plainto_tsquery('english', %s)",
                [entry.title, query],
            )
            flags.append((entry.slug, cursor.fetchone()[0]))
    titled = [order[slug] for slug, in_title in flags if in_title]
    others = [order[slug] for slug, in_title in flags if not in_title]
    assert titled and others and max(titled) < min(others), (titled, others)


def test_stemming_matches_other_word_forms() -> None:
    plain = {r.slug for r in search("withdrawal").results}
    stemmed = {r.slug for r in search("withdrawals").results}
    assert "withdrawal-management" in plain & stemmed


def test_misspelling_is_corrected_when_nothing_matches() -> None:
    results = search("buprenorfine")
    assert results.corrected == "buprenorphine"
    assert results.results[0].slug == "buprenorphine"


def test_only_published_content_is_found() -> None:
    article = Article.objects.get(slug="naltrexone")
    article.status = Status.DRAFT
    article.save()
    index_item(article)
    assert "naltrexone" not in first_slugs("Vivitrol", 10)


def test_results_are_ranked_and_paginated() -> None:
    first = search("treatment", page=1)
    second = search("treatment", page=2)
    assert first.total > PAGE_SIZE and first.pages >= 2
    assert len(first.results) == PAGE_SIZE
    assert {r.slug for r in first.results}.isdisjoint({r.slug for r in second.results})
    assert search("treatment", page=999).page == first.pages
    assert second.start == PAGE_SIZE + 1


def test_every_word_first_then_any_then_a_correction() -> None:
    asked: list[tuple[list[str], list[str], bool]] = []

    def rank(terms: list[str], extra: list[str], match_all: bool) -> list[int]:
        asked.append((terms, extra, match_all))
        return [7] if terms == ["fixed"] else []

    found = matching_ids(["a", "b"], ["X"], rank, lambda t: ["fixed"], lambda text: ["Y"])
    assert found == ([7], ["fixed"])
    assert asked == [
        (["a", "b"], ["X"], True),
        (["a", "b"], ["X"], False),
        (["fixed"], ["Y"], False),
    ]
    asked.clear()
    assert matching_ids(["one"], [], rank, lambda t: t, lambda text: []) == ([], [])
    assert asked == [(["one"], [], True)]  # "any" of one word is the same query; no correction
