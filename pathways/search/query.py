"""What a query means before any index sees it: cleaned text, words, other names, spelling.

Pure functions, shared by every language. Where languages differ (Spanish
folds accents before comparing, English only lowercases), the caller passes
the `normal` function that makes two spellings of a word compare equal.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Protocol, TypeVar

MAX_QUERY_LENGTH = 200  # characters kept from a query; the rest is dropped
MAX_TERMS = 12
SYNONYM_SEPARATOR = "; "  # between an entry's other names, so each stays a phrase
CLOSE = 0.75  # how alike (difflib's ratio) a vocabulary word must be to replace a misspelling

Normal = Callable[[str], str]


class Named(Protocol):
    """An index entry as best bets sees it: its kind, title and other names."""

    @property
    def kind(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def synonyms(self) -> str: ...


E = TypeVar("E", bound=Named)


def clean_query(raw: str) -> tuple[str, bool]:
    """Printable text only, whitespace collapsed, at most MAX_QUERY_LENGTH characters."""
    text = unicodedata.normalize("NFKC", raw)
    text = "".join(ch if unicodedata.category(ch)[0] not in "C" else " " for ch in text)
    text = re.sub(r"\s+", " ", text).strip()
    trimmed = len(text) > MAX_QUERY_LENGTH
    return text[:MAX_QUERY_LENGTH].strip(), trimmed


def words(text: str) -> list[str]:
    """Every lowercase word (letters and digits only); every search syntax character is gone."""
    return re.findall(r"[^\W_]+", text.lower())


def query_terms(text: str) -> list[str]:
    """A query's words, at most MAX_TERMS of them."""
    return words(text)[:MAX_TERMS]


def fold(text: str) -> str:
    """Lowercase, without accents ("Sobredósis" -> "sobredosis"; ñ -> n)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def expansions(text: str, names: list[tuple[str, list[str]]], normal: Normal) -> list[str]:
    """Glossary titles whose other names appear in the query ("tranq" -> "Xylazine").

    A title already in the query adds nothing, so it is not added again.
    """
    lowered = f" {' '.join(query_terms(normal(text)))} "
    found = []
    for title, others in names:
        for name in others:
            words = " ".join(query_terms(normal(name)))
            if words and f" {words} " in lowered and normal(title) not in lowered:
                found.append(title)
                break
    return found


def vocabulary_words(names: Iterable[tuple[str, str]], normal: Normal) -> list[str]:
    """Words of titles and other names, for spelling suggestions (short words can't be fixed)."""
    found: set[str] = set()
    for title, synonyms in names:
        found.update(w for w in query_terms(normal(f"{title} {synonyms}")) if len(w) > 3)
    return sorted(found)


def respell(terms: list[str], words: list[str], normal: Normal) -> list[str]:
    """Each long word not in the (sorted) vocabulary replaced by its closest word, if any."""
    corrected = []
    for term in terms:
        word = normal(term)
        at = bisect.bisect_left(words, word)
        if len(word) <= 3 or words[at : at + 1] == [word]:
            corrected.append(term)
            continue
        close = difflib.get_close_matches(word, similar_lengths(word, words), n=1, cutoff=CLOSE)
        corrected.append(close[0] if close else term)
    return corrected


def similar_lengths(word: str, words: list[str]) -> list[str]:
    """The words long enough and short enough to be CLOSE to this one.

    difflib tests exactly this bound first (`real_quick_ratio`); testing it
    here, without building a matcher per word, is what keeps a misspelling
    cheap against a vocabulary of thousands.
    """
    size = len(word)
    return [w for w in words if 2.0 * min(size, len(w)) / (size + len(w)) >= CLOSE]


def best_bets(query: str, entries: list[E], normal: Normal) -> list[E]:
    """Pages whose title or one of whose other names is exactly the query come first.

    Someone who types "Suboxone" wants the buprenorphine page, not the page
    that mentions Suboxone most often.
    """
    wanted = " ".join(query_terms(normal(query)))
    first = wanted.split(" ", 1)[0]

    def exact(name: str) -> bool:
        name = normal(name)
        # The substring test is only a shortcut: a name whose words are the
        # query's contains the query's first word.
        return first in name and " ".join(query_terms(name)) == wanted

    def order(entry: E) -> int:
        if not any(exact(name) for name in [entry.title, *entry.synonyms.split(SYNONYM_SEPARATOR)]):
            return 2
        return 1 if entry.kind == "term" else 0  # a full page beats a glossary line

    return sorted(entries, key=order)  # stable: keeps the ranking otherwise
