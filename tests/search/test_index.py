"""The index follows publishing: entries appear, change and go with their items."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from pathways.models import Article, SearchEntry, Status
from pathways.search import forget_item, index_item, search, search_version
from pathways.search.backends.sqlite import TRIGGERS, missing_triggers

pytestmark = pytest.mark.django_db


def first_slugs(query: str, n: int = 3) -> list[str]:
    return [r.slug for r in search(query).results[:n]]


def test_an_unpublished_item_leaves_the_index_and_the_version_changes() -> None:
    article = Article.objects.get(slug="naltrexone")
    before = search_version()
    article.status = Status.DRAFT
    index_item(article)
    assert not SearchEntry.objects.filter(slug="naltrexone").exists()
    assert search_version() != before
    article.status = Status.PUBLISHED
    index_item(article)
    assert "naltrexone" in first_slugs("Vivitrol")


def test_forgetting_an_item_removes_its_entry() -> None:
    forget_item("article", "naltrexone")
    assert "naltrexone" not in first_slugs("Vivitrol", 10)


def test_an_edited_entry_is_found_by_its_new_words() -> None:
    article = Article.objects.get(slug="naloxone")
    article.title = "Naloxone and the zebrafinch"
    index_item(article)
    assert first_slugs("zebrafinch") == ["naloxone"]


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
    entry = SearchEntry.objects.get(slug="naloxone")
    entry.synonyms += " zebrafinch"
    entry.save()
    assert first_slugs("zebrafinch") == ["naloxone"]


def test_rebuild_command_restores_a_wiped_index() -> None:
    SearchEntry.objects.all().delete()
    assert search("naloxone").results == []
    call_command("rebuild_search_index", verbosity=0)
    assert "naloxone" in first_slugs("naloxone")


def test_every_entry_has_a_ranking_vector_on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the ranking vector is PostgreSQL's")
    assert SearchEntry.objects.count() > 50
    assert not SearchEntry.objects.filter(ranking__isnull=True).exists()
