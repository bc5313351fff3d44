"""Word lists come from the published glossary and the index, per language."""

from __future__ import annotations

from pathlib import Path

import pytest

from pathways.search.lookups import (
    correct_spelling,
    glossary_names,
    normal,
    synonym_expansions,
    vocabulary,
)
from pathways.search.query import fold
from tests.factories import load

pytestmark = pytest.mark.django_db

# A glossary term with two other names, one of them two words long.
GLOSSARY_TERM = """
- slug: withdrawal
  term: Withdrawal
  also_called:
  - dope sick
  - sick
  definition: How the body feels when a drug it is used to is stopped.
"""
# A Spanish page (its English original is staying-safe); its source_hash is made up,
# so it loads as out of date, which search does not mind.
SPANISH_ARTICLE = """---
title: Cómo mantenerse seguro
summary: Formas de mantenerse seguro.
translation_of: staying-safe
source_hash: {hash}
also_called:
- protección
translated: 2026-12-01
updated: 2026-12-01
status: published
---

Cuídese. Vea [[medicine-basics|lo básico]].
"""


def test_english_compares_case_only_other_languages_fold_accents() -> None:
    assert normal("en") is str.lower
    assert normal("es") is fold


def test_glossary_other_names_expand_the_query(content_tree: Path) -> None:
    glossary = content_tree / "glossary.yml"
    glossary.write_text(glossary.read_text() + GLOSSARY_TERM)
    assert load(content_tree).errors == []
    assert ("Withdrawal", ["dope sick", "sick"]) in glossary_names()
    assert synonym_expansions("why am I dope sick") == ["Withdrawal"]


def test_the_vocabulary_is_sorted_and_corrects_misspellings(small_site: Path) -> None:
    words = vocabulary()
    assert words == sorted(words) and "tolerance" in words
    assert correct_spelling(["tolerence"]) == ["tolerance"]


def test_spanish_lists_are_the_spanish_pages(content_tree: Path) -> None:
    path = content_tree / "es" / "articles" / "como-mantenerse-seguro.md"
    path.parent.mkdir(parents=True)
    path.write_text(SPANISH_ARTICLE.format(hash="a" * 64), encoding="utf-8")
    assert load(content_tree).errors == []
    words = vocabulary("es")
    assert words and words != vocabulary()
    assert all(w == fold(w) for w in words)
    corrected = correct_spelling(["proteccin"], "es")
    assert corrected != ["proteccin"] and corrected[0] in words
