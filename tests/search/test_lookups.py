"""Word lists come from the published glossary and the index, per language."""

from __future__ import annotations

import pytest

from pathways.search.lookups import (
    correct_spelling,
    glossary_names,
    normal,
    synonym_expansions,
    vocabulary,
)
from pathways.search.query import fold

pytestmark = pytest.mark.django_db


def test_english_compares_case_only_other_languages_fold_accents() -> None:
    assert normal("en") is str.lower
    assert normal("es") is fold


def test_glossary_other_names_expand_the_query() -> None:
    assert ("Xylazine", ["tranq", "tranq dope"]) in glossary_names()
    assert synonym_expansions("is there tranq in it") == ["Xylazine"]


def test_the_vocabulary_is_sorted_and_corrects_misspellings() -> None:
    words = vocabulary()
    assert words == sorted(words) and "buprenorphine" in words
    assert correct_spelling(["buprenorfine"]) == ["buprenorphine"]


def test_spanish_lists_are_the_spanish_pages() -> None:
    words = vocabulary("es")
    assert words and words != vocabulary()
    assert all(w == fold(w) for w in words)
    corrected = correct_spelling(["naloxna"], "es")
    assert corrected != ["naloxna"] and corrected[0] in words
