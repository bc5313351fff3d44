"""Crisis pins: queries that mean someone may be in danger now put the crisis pages first.

The words and the pages are data the code names once, here, for every
language. A rename in the admin keeps its pin because pins are resolved
through the redirect every rename leaves (`resolve_pins`), and
`missing_pins()` names any pin that no published article answers to, for the
loader and the admin to report.
"""

from __future__ import annotations

import re

from django.core.cache import cache

from pathways.models import Article, Redirect
from pathways.search.query import fold
from pathways.search.versions import search_version

# Matched as whole words or phrases on the folded query (lowercase, no
# accents); the first kind of danger whose words appear decides the pins.
CRISIS_WORDS: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    "en": (
        (
            "suicide",
            re.compile(
                r"\b(suicid\w*|kill (my|him|her)self|end (my|it) (life|all)|want to die|"
                r"self[- ]harm|hurt myself)\b"
            ),
        ),
        (
            "overdose",
            re.compile(
                r"\b(overdos\w*|od|o\.d\.?|od'?ing|not breathing|stopped breathing|"
                r"can'?t breathe|won'?t wake( up)?|unresponsive|blue lips|narcan|naloxone)\b"
            ),
        ),
        ("general", re.compile(r"\b(emergency|crisis|help now|urgent)\b")),
    ),
    "es": (
        (
            "suicide",
            re.compile(
                r"\b(suicid\w*|quitarme la vida|quitarse la vida|matarme|me quiero morir|"
                r"quiero morir|no quiero vivir|hacerme dano|autolesion\w*)\b"
            ),
        ),
        (
            "overdose",
            re.compile(
                r"\b(sobre ?dosis|od|no respira\w*|dejo de respirar|no puede respirar|"
                r"no despierta|no reacciona|inconsciente|labios azules|narcan|naloxona)\b"
            ),
        ),
        ("general", re.compile(r"\b(emergencia|crisis|ayuda ya|urgente|auxilio)\b")),
    ),
}
# The articles (by English slug) each kind of danger pins first, in order, in
# every language.
CRISIS_PINS: dict[str, tuple[str, ...]] = {
    "suicide": ("suicide-risk-and-988", "overdose-response"),
    "overdose": ("overdose-response", "naloxone"),
    "general": ("overdose-response", "suicide-risk-and-988"),
}


def crisis_pages(query: str, language: str = "en") -> list[str]:
    """The (English) slugs of the pages to put first, or none if the query names no danger."""
    folded = fold(query)
    for kind, words in CRISIS_WORDS[language]:
        if words.search(folded):
            return resolve_pins(CRISIS_PINS[kind])
    return []


def resolve_pins(slugs: tuple[str, ...]) -> list[str]:
    """The pinned articles' current slugs: a renamed one is found by its redirect."""
    key = f"search:pins:{search_version()}"
    renamed: dict[str, str] | None = cache.get(key)
    if renamed is None:
        wanted = {slug for pins in CRISIS_PINS.values() for slug in pins}
        renamed = dict(
            Redirect.objects.filter(kind="article", old_slug__in=wanted).values_list(
                "old_slug", "new_slug"
            )
        )
        cache.set(key, renamed, 3600)
    return list(dict.fromkeys(renamed.get(slug, slug) for slug in slugs))


def missing_pins() -> list[str]:
    """Pinned slugs that no published article answers to, even through a redirect."""
    wanted = list(dict.fromkeys(slug for pins in CRISIS_PINS.values() for slug in pins))
    current = dict(zip(wanted, resolve_pins(tuple(wanted)), strict=True))
    published = set(
        Article.objects.published()
        .filter(slug__in=set(current.values()))
        .values_list("slug", flat=True)
    )
    return [slug for slug in wanted if current[slug] not in published]
