"""Spanish words are folded and stemmed the same way at index time and at query time.

The Spanish search itself (accents, synonyms, pins, spelling, hostile
queries) is tested through the site in tests/test_spanish_search.py.
"""

from __future__ import annotations

from pathlib import Path

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
