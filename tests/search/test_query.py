"""Query cleaning, words, synonyms, spelling and best bets: pure functions, no database."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from pathways.search.query import (
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    best_bets,
    clean_query,
    expansions,
    fold,
    query_terms,
    respell,
    similar_lengths,
    vocabulary_words,
)


@dataclass
class Entry:
    kind: str
    title: str
    synonyms: str = ""


def test_cleaning_drops_control_characters_and_collapses_space() -> None:
    assert clean_query("  nal\x00oxone \t\n kit\u200b ") == ("nal oxone kit", False)


def test_a_long_query_is_trimmed_to_the_limit_and_says_so() -> None:
    query, trimmed = clean_query("naloxone " * 2000)
    assert trimmed and len(query) <= MAX_QUERY_LENGTH
    assert clean_query("naloxone") == ("naloxone", False)


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ('"naloxone*" AND (kit OR "strips")', ["naloxone", "and", "kit", "or", "strips"]),
        ("title:naloxone", ["title", "naloxone"]),
        ("'; DROP TABLE x; --", ["drop", "table", "x"]),
        ("snake_case", ["snake", "case"]),
        ("героин 😀", ["героин"]),
    ],
)
def test_terms_are_words_only_never_syntax(text: str, terms: list[str]) -> None:
    assert query_terms(text) == terms


def test_terms_are_capped() -> None:
    assert len(query_terms("word " * 50)) == MAX_TERMS


def test_folding_removes_accents_and_case() -> None:
    assert fold("Sobredósis NIÑO") == "sobredosis nino"


def test_other_names_expand_to_their_glossary_title() -> None:
    names = [("Xylazine", ["tranq", "tranq dope"]), ("Withdrawal", ["dope sick"])]
    assert expansions("is tranq in my dope", names, str.lower) == ["Xylazine"]
    assert expansions("feeling dope sick", names, str.lower) == ["Withdrawal"]
    assert expansions("tranq xylazine", names, str.lower) == []  # already asked for


def test_spanish_expansions_ignore_accents() -> None:
    names = [("Abstinencia", ["malilla"])]
    assert expansions("Malílla", names, fold) == ["Abstinencia"]


def test_vocabulary_keeps_long_words_of_titles_and_other_names() -> None:
    rows = [("Naloxone (Narcan)", "Evzio; nasal spray"), ("OUD", "")]
    assert vocabulary_words(rows, str.lower) == ["evzio", "naloxone", "narcan", "nasal", "spray"]


def test_a_misspelling_becomes_the_closest_vocabulary_word() -> None:
    words = sorted(["buprenorphine", "methadone", "naloxone"])
    assert respell(["buprenorfine", "kit", "naloxone"], words, str.lower) == [
        "buprenorphine",
        "kit",
        "naloxone",
    ]
    assert respell(["zzzqqqxxy"], words, str.lower) == ["zzzqqqxxy"]


def test_the_length_filter_keeps_every_word_difflib_could_choose() -> None:
    import difflib

    words = sorted({"a" * n + "bc" for n in range(1, 30)} | {"naloxone", "nalox", "naloxones"})
    for word in ["naloxne", "aaaaabc", "aabc", "aaaaaaaaaaaaaaaaaaaaabc"]:
        everything = difflib.get_close_matches(word, words, n=3, cutoff=0.75)
        assert difflib.get_close_matches(word, similar_lengths(word, words), n=3, cutoff=0.75) == (
            everything
        )


def test_best_bets_put_exact_names_first_pages_before_terms() -> None:
    entries = [
        Entry("article", "Opioid treatment programs", "methadone clinic"),
        Entry("term", "Buprenorphine", "Suboxone; bupe"),
        Entry("article", "Buprenorphine", "Suboxone; Sublocade"),
        Entry("article", "Withdrawal", ""),
    ]
    ordered = best_bets("suboxone", entries, str.lower)
    assert [(e.kind, e.title) for e in ordered[:2]] == [
        ("article", "Buprenorphine"),
        ("term", "Buprenorphine"),
    ]
    assert best_bets("Methadone  clinic!", entries, str.lower)[0].title.startswith("Opioid")
    assert best_bets("withdrawal symptoms", entries, str.lower) == entries  # no exact name
