"""Rankings are kept until the index changes, under a hash of the question alone."""

from __future__ import annotations

from django.core.cache import cache

from pathways.search.versions import (
    bump_search_version,
    bump_translation_version,
    language_version,
    remembered_ids,
    search_version,
    translation_version,
)


def test_a_ranking_is_computed_once_per_question() -> None:
    calls: list[int] = []

    def rank() -> list[int]:
        calls.append(1)
        return [3, 1, 2]

    assert remembered_ids("ns", ["q", True], rank) == [3, 1, 2]
    assert remembered_ids("ns", ["q", True], rank) == [3, 1, 2]
    assert remembered_ids("ns", ["q", False], rank) == [3, 1, 2]
    assert len(calls) == 2


def test_bumping_changes_every_key_that_depends_on_it() -> None:
    english, translated = search_version(), translation_version()
    bump_translation_version()
    assert search_version() == english and translation_version() != translated
    translated = translation_version()
    bump_search_version()
    assert search_version() != english and translation_version() != translated
    assert language_version("en") == str(search_version())
    assert language_version("es") == translation_version()


def test_an_evicted_version_still_moves_on() -> None:
    cache.delete("search:version")
    bump_search_version()
    assert search_version() == 2
