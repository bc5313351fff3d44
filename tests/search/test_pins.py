"""Crisis words pin the crisis pages first; pins are data that survive a rename."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

import pathways
from pathways import search
from pathways.models import ITEM_MODELS, TRANSLATION_LANGUAGES, Article, Source, Status
from pathways.publishing import batch
from pathways.search.pins import CRISIS_PINS, CRISIS_WORDS, crisis_pages
from tests.factories import load

PACKAGE = Path(pathways.__file__).parent


def first_slugs(query: str, n: int = 3) -> list[str]:
    return [r.slug for r in search.search(query).results[:n]]


@pytest.fixture
def loaded(empty_db: None, content_tree: Path) -> Path:
    for model in ITEM_MODELS.values():  # every kind, whatever clear_content knows of
        model._default_manager.all().delete()
    assert load(content_tree).errors == []
    return content_tree


SOURCES = [
    ("SAMHSA", "https://www.samhsa.gov/substance-use/treatment/overdose"),
    ("NIDA", "https://nida.nih.gov/research-topics/opioids"),
]


def publish(slug: str, title: str) -> Article:
    with batch():  # a published article is saved with its sources, as the loader does
        article = Article.objects.create(
            slug=slug,
            title=title,
            link_text=title.lower(),
            summary="What to do.",
            body="Call 911 and give naloxone.\n",
            updated=datetime.date(2026, 11, 1),
        )
        for position, (publisher, url) in enumerate(SOURCES):
            Source.objects.create(
                item=article,
                position=position,
                key=f"s{position + 1}",
                title="Overdose response",
                publisher=publisher,
                url=url,
                checked=datetime.date(2026, 11, 1),
            )
    return article


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
@pytest.mark.django_db
def test_crisis_queries_put_crisis_guidance_first(query: str, first: str) -> None:
    results = search.search(query)
    assert results.crisis
    assert results.results[0].slug == first
    assert results.results[0].pinned


@pytest.mark.django_db
def test_narcan_leads_to_overdose_steps_then_naloxone() -> None:
    assert first_slugs("Narcan", 2) == ["overdose-response", "naloxone"]
    assert [r.slug for r in search.search("Narcan").results].count("naloxone") == 1


def test_a_renamed_pinned_page_keeps_its_pin(loaded: Path) -> None:
    article = publish("overdose-response", "What to do in an overdose")
    assert search.search("overdose").results[0].slug == "overdose-response"
    change(article, slug="overdose-steps")
    results = search.search("someone is not breathing").results
    assert results[0].slug == "overdose-steps" and results[0].pinned
    assert "overdose-response" not in search.missing_pins()


def test_missing_pins_names_pins_no_published_article_answers_to(loaded: Path) -> None:
    article = publish("overdose-response", "What to do in an overdose")
    assert search.missing_pins() == ["suicide-risk-and-988", "naloxone"]
    change(article, status=Status.DRAFT)
    assert "overdose-response" in search.missing_pins()
