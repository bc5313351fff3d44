"""Crisis pins are data that survive a rename (issue 15, defect 8)."""

from __future__ import annotations

import datetime
import inspect
import re
from pathlib import Path

import pytest

from pathways import search
from pathways.editing import Before, after_save
from pathways.models import ITEM_MODELS, Article
from tests.factories import load


@pytest.fixture
def loaded(empty_db: None, content_tree: Path) -> Path:
    for model in ITEM_MODELS.values():  # every kind, whatever clear_content knows of
        model._default_manager.all().delete()
    assert load(content_tree).errors == []
    return content_tree


def publish(slug: str, title: str) -> Article:
    article = Article.objects.create(
        slug=slug,
        title=title,
        link_text=title.lower(),
        summary="What to do.",
        body="Call 911 and give naloxone.\n",
        updated=datetime.date(2026, 11, 1),
    )
    after_save(article, None)
    return article


def rename(article: Article, slug: str) -> None:
    before = Before.of(article)
    article.slug = slug
    article.save()
    after_save(article, before)


def test_each_crisis_word_list_is_defined_once() -> None:
    source = inspect.getsource(search)
    for name in ("SUICIDE_WORDS", "OVERDOSE_WORDS", "GENERAL_CRISIS_WORDS", "CRISIS_PINS"):
        assert len(re.findall(rf"^{name}\b.*=", source, re.MULTILINE)) == 1, name


def test_a_renamed_pinned_page_keeps_its_pin(loaded: Path) -> None:
    article = publish("overdose-response", "What to do in an overdose")
    assert search.search("overdose").results[0].slug == "overdose-response"
    rename(article, "overdose-steps")
    results = search.search("someone is not breathing").results
    assert results[0].slug == "overdose-steps" and results[0].pinned
    assert "overdose-response" not in search.missing_pins()


def test_missing_pins_names_pins_no_published_article_answers_to(loaded: Path) -> None:
    publish("overdose-response", "What to do in an overdose")
    assert search.missing_pins() == ["suicide-risk-and-988", "naloxone"]
    Article.objects.filter(slug="overdose-response").update(status="draft")
    assert "overdose-response" in search.missing_pins()
