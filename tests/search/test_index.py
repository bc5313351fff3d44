"""The index follows publishing: entries appear, change and go with their items."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from pathways.models import ITEM_MODELS, Article, SearchEntry, Status
from pathways.search import forget_item, index_item, search, search_version
from pathways.search.backends.sqlite import TRIGGERS, missing_triggers

# Each test searches the small fixture tree's pages (tests/content/valid).
pytestmark = pytest.mark.usefixtures("small_site")
SEARCHABLE_KINDS = {kind for kind, model in ITEM_MODELS.items() if model.spec.searchable}


def first_slugs(query: str, n: int = 3) -> list[str]:
    return [r.slug for r in search(query).results[:n]]


def test_an_unpublished_item_leaves_the_index_and_the_version_changes() -> None:
    article = Article.objects.get(slug="medicine-basics")
    before = search_version()
    article.status = Status.DRAFT
    index_item(article)
    assert not SearchEntry.objects.filter(slug="medicine-basics").exists()
    assert search_version() != before
    article.status = Status.PUBLISHED
    index_item(article)
    assert "medicine-basics" in first_slugs("meds")  # found again by its other name


def test_forgetting_an_item_removes_its_entry() -> None:
    assert "medicine-basics" in first_slugs("meds")
    forget_item("article", "medicine-basics")
    assert "medicine-basics" not in first_slugs("meds", 10)


def test_an_edited_entry_is_found_by_its_new_words() -> None:
    article = Article.objects.get(slug="staying-safe")
    article.title = "Staying safe and the zebrafinch"
    index_item(article)
    assert first_slugs("zebrafinch") == ["staying-safe"]


def test_the_index_survives_a_table_rebuild() -> None:
    """A migration that rebuilds the table drops SQLite triggers; migrate recreates them."""
    if connection.vendor != "sqlite":
        pytest.skip("FTS5 triggers exist only on SQLite")
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    assert missing_triggers(connection) == sorted(TRIGGERS)
    call_command("migrate", verbosity=0)
    assert missing_triggers(connection) == []
    entry = SearchEntry.objects.get(slug="staying-safe")
    entry.synonyms += " zebrafinch"
    entry.save()
    assert first_slugs("zebrafinch") == ["staying-safe"]


def test_rebuild_command_restores_a_wiped_index() -> None:
    SearchEntry.objects.all().delete()
    assert search("tolerance").results == []
    call_command("rebuild_search_index", verbosity=0)
    assert "tolerance" in first_slugs("tolerance")


def test_every_entry_has_a_ranking_vector_on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the ranking vector is PostgreSQL's")
    # Every kind of entry the small site has: pages, a drug and a glossary term.
    assert set(SearchEntry.objects.values_list("kind", flat=True)) == SEARCHABLE_KINDS
    assert not SearchEntry.objects.filter(ranking__isnull=True).exists()
