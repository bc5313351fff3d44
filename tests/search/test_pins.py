"""Crisis words pin the crisis pages first; pins are data that survive a rename."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import pathways
from pathways import search
from pathways.models import TRANSLATION_LANGUAGES, Article, Status
from pathways.search.pins import CRISIS_PINS, CRISIS_WORDS, crisis_pages
from tests.factories import make_article

PACKAGE = Path(pathways.__file__).parent
# The pinned articles, by the English slugs the code names: a change there is followed here.
OVERDOSE_PINS = CRISIS_PINS["overdose"]
OVERDOSE_PAGE = OVERDOSE_PINS[0]
EVERY_PIN = list(dict.fromkeys(slug for pins in CRISIS_PINS.values() for slug in pins))


def first_slugs(query: str, n: int = 3) -> list[str]:
    return [r.slug for r in search.search(query).results[:n]]


@pytest.fixture
def crisis_site(small_site: Path) -> Path:
    """Every pinned article published, beside the small site's ordinary pages."""
    for slug in EVERY_PIN:
        make_article(slug)
    return small_site


def change(article: Article, **fields: object) -> None:
    for name, value in fields.items():
        setattr(article, name, value)
    article.save()


def test_each_crisis_word_list_is_defined_once() -> None:
    """One table of words (every language) and one of pins, both in pathways/search/pins.py."""
    sources = {
        path.relative_to(PACKAGE).as_posix(): path.read_text()
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts
    }
    for name in ("CRISIS_WORDS", "CRISIS_PINS"):
        defining = [p for p, text in sources.items() if re.search(rf"^{name}\b.*=", text, re.M)]
        assert defining == ["search/pins.py"], name
    for name in ("SUICIDE_WORDS", "OVERDOSE_WORDS", "GENERAL_CRISIS_WORDS"):
        assert not any(re.search(rf"^{name}\b.*=", text, re.M) for text in sources.values())


def test_every_language_names_every_kind_of_danger() -> None:
    assert set(CRISIS_WORDS) == {"en"} | {code for code, _ in TRANSLATION_LANGUAGES}
    for table in CRISIS_WORDS.values():
        assert [kind for kind, _ in table] == list(CRISIS_PINS)


@pytest.mark.parametrize(
    ("query", "language", "pins"),
    [
        ("I want to KILL MYSELF", "en", "suicide"),
        ("my friend won't wake up", "en", "overdose"),
        ("O.D. help", "en", "overdose"),
        ("urgent", "en", "general"),
        ("quiero morir", "es", "suicide"),
        ("Sobredósis", "es", "overdose"),
        ("no respira", "es", "overdose"),
        ("auxilio", "es", "general"),
        ("methadone clinic", "en", None),
        ("clínica de metadona", "es", None),
    ],
)
@pytest.mark.django_db
def test_crisis_words_choose_the_pins(query: str, language: str, pins: str | None) -> None:
    assert crisis_pages(query, language) == (list(CRISIS_PINS[pins]) if pins else [])


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("overdose", "overdose"),
        ("od", "overdose"),
        ("not breathing", "overdose"),
        ("my friend won't wake up", "overdose"),
        ("suicide", "suicide"),
        ("I want to kill myself", "suicide"),
        ("emergency", "general"),
    ],
)
def test_crisis_queries_put_crisis_guidance_first(crisis_site: Path, query: str, kind: str) -> None:
    # A page that matches the words better than any pinned page still comes after the pins.
    make_article("words-of-the-query", query.capitalize(), body=f"{query}.\n" * 5)
    results = search.search(query)
    assert results.crisis
    assert results.results[0].slug == CRISIS_PINS[kind][0]
    assert results.results[0].pinned
    assert "words-of-the-query" in [r.slug for r in results.results]


def test_narcan_leads_to_the_overdose_pins_in_order_each_once(crisis_site: Path) -> None:
    # The last overdose pin also matches "Narcan" by its other name: shown once, as a pin.
    matched = OVERDOSE_PINS[-1]
    change(Article.objects.get(slug=matched), also_called=["Narcan"])
    assert first_slugs("Narcan", len(OVERDOSE_PINS)) == list(OVERDOSE_PINS)
    assert [r.slug for r in search.search("Narcan").results].count(matched) == 1


def test_a_renamed_pinned_page_keeps_its_pin(small_site: Path) -> None:
    article = make_article(
        OVERDOSE_PAGE, "What to do in an overdose", body="Call 911 and give the nasal spray.\n"
    )
    assert search.search("overdose").results[0].slug == OVERDOSE_PAGE
    change(article, slug="when-someone-may-have-overdosed")
    results = search.search("someone is not breathing").results
    assert results[0].slug == "when-someone-may-have-overdosed" and results[0].pinned
    assert OVERDOSE_PAGE not in search.missing_pins()


def test_missing_pins_names_pins_no_published_article_answers_to(small_site: Path) -> None:
    article = make_article(OVERDOSE_PAGE, "What to do in an overdose")
    assert search.missing_pins() == [slug for slug in EVERY_PIN if slug != OVERDOSE_PAGE]
    change(article, status=Status.DRAFT)
    assert OVERDOSE_PAGE in search.missing_pins()
