"""The word lists a query is checked against, per language, cached until the index changes.

Glossary terms' other names give synonym expansions ("tranq" also searches
"Xylazine"); the words of titles and other names are the vocabulary that
misspellings are corrected to.
"""

from __future__ import annotations

from django.core.cache import cache

from pathways.models import GlossaryTerm, SearchEntry, Status, TranslatedSearchEntry, Translation
from pathways.search.query import Normal, expansions, fold, respell, vocabulary_words
from pathways.search.versions import language_version

WORDS_TTL = 3600  # seconds; a changed index changes the key at once


def normal(language: str) -> Normal:
    """How two spellings of a word are made to compare equal in this language.

    Spanish readers often leave accents out, so Spanish compares without
    them; English only ignores case.
    """
    return str.lower if language == "en" else fold


def glossary_names(language: str = "en") -> list[tuple[str, list[str]]]:
    """Each published glossary term's title with its other names."""
    key = f"search:{language}:glossary:{language_version(language)}"
    names: list[tuple[str, list[str]]] | None = cache.get(key)
    if names is None:
        if language == "en":
            rows = GlossaryTerm.objects.published().values_list("title", "also_called")
        else:
            rows = Translation.objects.filter(
                language=language, kind="term", status=Status.PUBLISHED
            ).values_list("title", "also_called")
        names = [(title, list(also or [])) for title, also in rows]
        cache.set(key, names, WORDS_TTL)
    return names


def vocabulary(language: str = "en") -> list[str]:
    """Words that appear in titles and other names, for spelling suggestions."""
    key = f"search:{language}:vocabulary:{language_version(language)}"
    words: list[str] | None = cache.get(key)
    if words is None:
        entries = (
            SearchEntry.objects.all()
            if language == "en"
            else TranslatedSearchEntry.objects.filter(language=language)
        )
        words = vocabulary_words(entries.values_list("title", "synonyms"), normal(language))
        cache.set(key, words, WORDS_TTL)
    return words


def synonym_expansions(text: str, language: str = "en") -> list[str]:
    """Glossary terms whose other names appear in the query ("tranq" -> "xylazine")."""
    return expansions(text, glossary_names(language), normal(language))


def correct_spelling(terms: list[str], language: str = "en") -> list[str]:
    return respell(terms, vocabulary(language), normal(language))
