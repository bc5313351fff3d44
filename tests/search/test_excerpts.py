"""Excerpts are plain text around the first match, escaped first and only then marked."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from pathways.models import SearchEntry
from pathways.search import search
from pathways.search.excerpts import EXCERPT_CHARS, excerpt, stem


@dataclass
class Text:
    body: str
    summary: str = ""


def test_a_window_around_the_first_match_with_ellipses() -> None:
    body = "intro " * 100 + "the naloxone kit " + "outro " * 100
    shown = str(excerpt(Text(body), ["naloxone"]))
    assert shown.startswith("… ") and shown.endswith(" …")
    assert "<mark>naloxone</mark>" in shown
    assert len(shown) < EXCERPT_CHARS + 40


def test_no_match_shows_the_summary() -> None:
    assert str(excerpt(Text("nothing here", "The summary."), ["naloxone"])) == "The summary."


def test_word_forms_are_marked_by_a_crude_stem() -> None:
    assert stem("withdrawals") == "withdrawal"
    assert stem("using") == "using"  # too short to cut
    shown = str(excerpt(Text("Withdrawal is hard."), ["withdrawals"]))
    assert "<mark>Withdrawal</mark>" in shown


@pytest.mark.parametrize(
    ("text", "terms", "shown"),
    [
        ("AT&T and amp", ["amp"], "AT&amp;T and <mark>amp</mark>"),
        ('"quoted" <b>', ["quot", "lt"], "&quot;<mark>quoted</mark>&quot; &lt;b&gt;"),
    ],
)
def test_marks_never_land_inside_an_entity(text: str, terms: list[str], shown: str) -> None:
    assert str(excerpt(Text(text), terms)) == shown


@pytest.mark.usefixtures("small_site")
def test_excerpts_are_escaped_text_with_marks_only() -> None:
    entry = SearchEntry.objects.get(slug="staying-safe")
    entry.body = "Before <script>alert(1)</script> & zebrafinch <b>bold</b> after."
    entry.save()
    result = next(r for r in search("zebrafinch").results if r.slug == "staying-safe")
    assert "<script>" not in result.excerpt
    assert "&lt;script&gt;" in result.excerpt
    assert "<mark>zebrafinch</mark>" in result.excerpt
    assert "<b>" not in result.excerpt
