"""The search page always answers, with the help numbers, whatever is asked and by whom."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from django.test import Client, override_settings
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from pathways.models import Article
from pathways.search import PAGE_SIZE
from tests.conftest import FIXTURES
from tests.factories import load, make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_pages_of_results(small_site: Path) -> None:
    """One more page matching "treatment" than a page of results holds."""
    for n in range(1, PAGE_SIZE + 2):
        make_article(f"treatment-{n}", f"Treatment option {n}")


def test_no_results_page_offers_crisis_help_pathway_and_featured(
    client: Client, small_site: Path
) -> None:
    html = client.get("/search/?q=zzzqqqxxy").content.decode()
    assert "No pages matched" in html
    assert 'id="crisis"' in html
    assert "The pathway" in html and 'class="diagram"' in html
    featured = Article.objects.published().filter(featured=True)
    assert featured.exists()  # the small site features medicine-basics
    for article in featured:
        assert article.get_absolute_url() in html


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
@pytest.mark.usefixtures("small_site")  # pages to match, words to correct spelling to
def test_any_query_gets_a_normal_page(client: Client, query: str) -> None:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert 'id="crisis"' in response.content.decode()


@pytest.mark.parametrize("page", ["0", "-5", "abc", "1e9", "99999999999999999999"])
@pytest.mark.usefixtures("two_pages_of_results")
def test_bad_page_numbers_get_a_normal_page(client: Client, page: str) -> None:
    assert client.get("/search/", {"q": "treatment", "page": page}).status_code == 200


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
    @classmethod
    def setUpTestData(cls) -> None:
        # Pages to match and words to correct spelling to, loaded once for every example.
        assert load(FIXTURES / "valid").errors == []

    @given(st.text(max_size=300))
    def test_any_text_gets_a_200(self, query: str) -> None:
        response = self.client.get("/search/", {"q": query})
        assert response.status_code == 200
