"""Search finds the right page for brand names, street names, misspellings and crises."""

from __future__ import annotations

import logging

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from pathways.models import Article, SearchEntry, Status
from pathways.search import MAX_QUERY_LENGTH, search

pytestmark = pytest.mark.django_db


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


def test_stemming_matches_other_word_forms() -> None:
    plain = {r.slug for r in search("withdrawal").results}
    stemmed = {r.slug for r in search("withdrawals").results}
    assert "withdrawal-management" in plain & stemmed


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("overdose", "overdose-response"),
        ("od", "overdose-response"),
        ("not breathing", "overdose-response"),
        ("my friend won't wake up", "overdose-response"),
        ("suicide", "suicide-risk-and-988"),
        ("I want to kill myself", "suicide-risk-and-988"),
        ("emergency", "overdose-response"),
    ],
)
def test_crisis_queries_put_crisis_guidance_first(query: str, first: str) -> None:
    results = search(query)
    assert results.crisis
    assert results.results[0].slug == first


def test_narcan_leads_to_overdose_steps_then_naloxone() -> None:
    assert first_slugs("Narcan", 2) == ["overdose-response", "naloxone"]


def test_misspelling_is_corrected_when_nothing_matches() -> None:
    results = search("buprenorfine")
    assert results.corrected == "buprenorphine"
    assert results.results[0].slug == "buprenorphine"


def test_only_published_content_is_found() -> None:
    article = Article.objects.get(slug="naltrexone")
    article.status = Status.DRAFT
    article.save()
    from pathways.search import index_item

    index_item(article)
    assert "naltrexone" not in first_slugs("Vivitrol", 10)


def test_results_are_ranked_and_paginated() -> None:
    first = search("treatment", page=1)
    second = search("treatment", page=2)
    assert first.total > 10 and first.pages >= 2
    assert len(first.results) == 10
    assert {r.slug for r in first.results}.isdisjoint({r.slug for r in second.results})
    assert search("treatment", page=999).page == first.pages


def test_excerpts_are_escaped_text_with_marks_only() -> None:
    entry = SearchEntry.objects.get(slug="naloxone")
    entry.body = "Before <script>alert(1)</script> & naloxone <b>bold</b> after."
    entry.save()
    result = next(r for r in search("naloxone").results if r.slug == "naloxone")
    assert "<script>" not in result.excerpt
    assert "&lt;script&gt;" in result.excerpt
    assert "<mark>naloxone</mark>" in result.excerpt
    assert "<b>" not in result.excerpt


def test_no_results_page_offers_crisis_help_pathway_and_featured(client: Client) -> None:
    html = client.get("/search/?q=zzzqqqxxy").content.decode()
    assert "No pages matched" in html
    assert 'id="crisis"' in html
    assert "The pathway" in html and 'class="diagram"' in html
    for article in Article.objects.published().filter(featured=True):
        assert article.get_absolute_url() in html


def test_long_query_is_trimmed_to_the_documented_limit() -> None:
    results = search("naloxone " * 2000)
    assert results.trimmed
    assert len(results.query) <= MAX_QUERY_LENGTH


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"unclosed',
        "(",
        ")",
        "*",
        "naloxone*",
        "AND",
        "OR",
        "NOT",
        "NEAR",
        "NEAR(a b)",
        "a AND (b OR",
        "title:naloxone",
        "^start",
        "'; DROP TABLE pathways_article; --",
        "1' OR '1'='1",
        "x" * 10_000,
        "",
        "   ",
        "\x00",
        "nal\x00oxone",
        "😀 fentanyl",
        "naloxona en español",
        "героин",
        "ヘロイン",
        "\u202e\u200b",
        "%",
        "_",
        "\\",
    ],
)
def test_any_query_gets_a_normal_page(client: Client, query: str) -> None:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert 'id="crisis"' in response.content.decode()


@pytest.mark.parametrize("page", ["0", "-5", "abc", "1e9", "99999999999999999999"])
def test_bad_page_numbers_get_a_normal_page(client: Client, page: str) -> None:
    assert client.get("/search/", {"q": "treatment", "page": page}).status_code == 200


def test_the_index_survives_a_table_rebuild() -> None:
    """A migration that rebuilds the table drops SQLite triggers; migrate recreates them."""
    if connection.vendor != "sqlite":
        pytest.skip("FTS5 triggers exist only on SQLite")
    from pathways.search_sqlite import TRIGGERS, missing_triggers

    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    assert missing_triggers(connection) == sorted(TRIGGERS)
    call_command("migrate", verbosity=0)
    assert missing_triggers(connection) == []
    entry = SearchEntry.objects.get(slug="naloxone")
    entry.synonyms += " zebrafinch"
    entry.save()
    assert first_slugs("zebrafinch") == ["naloxone"]


def test_rebuild_command_restores_a_wiped_index() -> None:
    SearchEntry.objects.all().delete()
    assert search("naloxone").results == []
    call_command("rebuild_search_index", verbosity=0)
    assert "naloxone" in first_slugs("naloxone")


@override_settings(SEARCH_RATE_LIMIT=5)
def test_search_is_rate_limited_per_address_with_a_friendly_429(client: Client) -> None:
    from django.core.cache import cache

    cache.clear()
    codes = [client.get("/search/", {"q": "naloxone"}).status_code for _ in range(7)]
    assert codes == [200] * 5 + [429] * 2
    response = client.get("/search/", {"q": "naloxone"})
    assert 'id="crisis"' in response.content.decode()
    other = client.get("/search/", {"q": "naloxone"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
    assert client.get("/pathway/").status_code == 200


@override_settings(SEARCH_RATE_LIMIT=2, TRUSTED_PROXY_COUNT=1)
def test_rate_limit_reads_the_address_through_the_trusted_proxy(client: Client) -> None:
    from django.core.cache import cache

    cache.clear()
    for _ in range(2):
        client.get("/search/", {"q": "x"}, HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.5")
    blocked = client.get("/search/", {"q": "x"}, HTTP_X_FORWARDED_FOR="other, 203.0.113.5")
    assert blocked.status_code == 429
    fresh = client.get("/search/", {"q": "x"}, HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.7")
    assert fresh.status_code == 200


def test_no_log_line_pairs_an_address_with_a_query(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        client.get("/search/", {"q": "secretquery"}, REMOTE_ADDR="192.0.2.44")
    for record in caplog.records:
        message = record.getMessage()
        assert not ("192.0.2.44" in message and "secretquery" in message)


class SearchFuzz(HypothesisTestCase):
    @given(st.text(max_size=300))
    def test_any_text_gets_a_200(self, query: str) -> None:
        response = self.client.get("/search/", {"q": query})
        assert response.status_code == 200
