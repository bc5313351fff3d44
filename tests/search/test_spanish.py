"""Spanish words are folded and stemmed the same way at index time and at query time.

The Spanish search itself (accents, synonyms, pins, spelling, hostile
queries) is tested through the site in tests/test_spanish_search.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pathways.models import TranslatedSearchEntry
from pathways.search.spanish import search, stem_word, stemmed, stems

pytest_plugins = ["tests.spanish_helpers"]  # spanish_site


def test_stems_ignore_accents_and_word_endings() -> None:
    assert stems("Medicamentos") == stems("medicamento")
    assert stemmed("Sobredósis") == stemmed("sobredosis")
    assert stem_word("naloxona") == stems("Naloxóna")[0]


def test_results_are_spanish_entries_with_pins_first(spanish_site: Path) -> None:
    results = search("no respira")
    assert results.crisis and results.results[0].pinned
    urls = {e.url for e in TranslatedSearchEntry.objects.filter(language="es")}
    assert all(r.url in urls for r in results.results)


def test_an_empty_query_searches_nothing(spanish_site: Path) -> None:
    assert search("  ¿? ").results == []


def test_a_page_is_indexed_by_every_word_not_a_querys_first_twelve() -> None:
    text = "La página habla de muchas cosas antes de llegar a la palabra que importa: tolerancia."
    assert len(text.split()) > 12
    assert stem_word("tolerancia") in stems(text)


def test_the_migration_indexes_every_word_of_pages_indexed_before(spanish_site: Path) -> None:
    """A database indexed with the old cap finds a page's later words once migrated."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    from pathways.search.backends import sqlite

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL always indexed every word")
    entry = max(TranslatedSearchEntry.objects.all(), key=lambda e: len(e.body.split()))
    late = stems(entry.body)[-1]
    assert late not in stems(entry.body)[:12], "the fixture's longest page needs a late word"
    early = " ".join(stems(entry.body)[:12])  # what the old index kept
    sqlite.write_translated(
        entry.pk, stemmed(entry.title), stemmed(entry.synonyms), stemmed(entry.summary), early
    )
    assert entry.pk not in sqlite.ranked_translated_ids([late], [], True, "es", 200)
    migration = importlib.import_module("pathways.migrations.0008_spanish_index_every_word")
    migration.index_every_word(apps, SimpleNamespace(connection=connection))
    assert entry.pk in sqlite.ranked_translated_ids([late], [], True, "es", 200)
