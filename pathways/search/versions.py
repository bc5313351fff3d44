"""Index versions: every cached vocabulary, pin map and ranking is keyed by one.

Bumping a version is how a change to the index reaches every app server's
cache at once, without finding and deleting keys.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from django.core.cache import cache

RANKING_TTL = 600  # seconds a query's ranking is kept (a changed index drops it at once)


def search_version() -> int:
    """Bumped whenever the English index changes (and so, too, every language's key)."""
    return int(cache.get_or_set("search:version", 1) or 1)


def bump_search_version() -> None:
    bump("search:version")


def translation_version() -> str:
    """The translated entries' version; it also changes with the English one (pins, redirects)."""
    return f"{search_version()}.{cache.get_or_set('search:translations:version', 1) or 1}"


def bump_translation_version() -> None:
    bump("search:translations:version")


def language_version(language: str) -> str:
    """The version that keys everything cached for searches in this language."""
    return str(search_version()) if language == "en" else translation_version()


def bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # never set, or evicted: any new number is a change
        cache.set(key, 2)


def remembered_ids(namespace: str, spec: list[object], rank: Callable[[], list[int]]) -> list[int]:
    """A ranking kept until the index changes: a spike repeats the same few queries.

    Only the order of matching ids is kept, under a hash of what was asked
    (never an address), so the text shown is always read fresh.
    """
    digest = hashlib.sha256(json.dumps(spec).encode()).hexdigest()[:32]
    key = f"{namespace}:{digest}"
    ids: list[int] | None = cache.get(key)
    if ids is None:
        ids = rank()
        cache.set(key, ids, RANKING_TTL)
    return ids
