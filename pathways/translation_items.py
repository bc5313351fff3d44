"""English items seen through their translations: the text in the reader's language,
the structure (stage, drugs, order) from the English item.

A page in another language lists English items (stages, articles, drugs);
`localize_many` wraps them all with one query for their translations. An
item with no published translation shows only its English title, marked as
English where it is shown, and never its English text.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property

from pathways.models import Translation
from pathways.models.translations import translated_url
from pathways.translation_addresses import english_url, published_translations
from pathways.translation_staleness import english_hash


class Localized:
    """An English item seen through its translation: Spanish text, English structure."""

    def __init__(self, english: Any, tr: Translation | None, language: str) -> None:
        self.english = english
        self.tr = tr
        self.language = language
        self.kind = english.kind
        self.pk = english.pk
        self.english_slug = english.slug
        self.untranslated = tr is None
        self.stage: Localized | None = None
        # Only what was loaded: a deferred field would cost a query per row.
        for name in ("number", "stage_id", "featured"):
            if name in english.__dict__:
                setattr(self, name, english.__dict__[name])
        if tr is not None:
            self.slug = tr.slug
            self.title = tr.title
            self.link_text = tr.link_text
            self.summary = tr.summary
        else:
            # Only the title, marked as English where it is shown; never the text.
            self.slug = english.slug
            self.title = english.title
            self.link_text = english.link_text
            self.summary = ""

    def __getattr__(self, name: str) -> Any:
        # Text fields come from the translation only; anything else is absent.
        tr = self.__dict__.get("tr")
        if tr is not None and name in TEXT_FIELDS:
            return getattr(tr, name)
        if name in TEXT_FIELDS:
            return EMPTY_TEXT.get(name, "")
        raise AttributeError(name)

    def get_absolute_url(self) -> str:
        return translated_url(self.kind, self.slug, self.language)

    @property
    def english_url(self) -> str:
        return english_url(self.kind, self.english_slug)

    @property
    def short_title(self) -> str:
        return self.title.split(":")[0].split(",")[0].strip()

    # A translation has had no clinical review of its own.
    clinically_reviewed = False
    review_state = "none"
    reviewed_by = ""
    reviewed_on = None
    is_translation = True

    @property
    def review_overdue(self) -> bool:
        due = self.tr.review_due if self.tr else None
        return due is not None and due < timezone.localdate()

    @property
    def facts_may_have_changed(self) -> bool:
        until = self.tr.valid_until if self.tr else None
        return until is not None and until < timezone.localdate()

    @cached_property
    def stale(self) -> bool:
        return self.tr is not None and english_hash(self.english) != self.tr.source_hash

    @property
    def english_updated(self) -> datetime.date | None:
        return getattr(self.english, "updated", None)

    @property
    def cited_keys(self) -> set[str]:
        return self.tr.cited_keys if self.tr else set()


TEXT_FIELDS = {
    "body_html",
    "toc_html",
    "also_called",
    "duration",
    "who",
    "questions",
    "stage_notes_html",
    "updated",
    "review_due",
    "valid_until",
    "translated",
    "included_sources",
    "sources",
    "status",
}
EMPTY_TEXT: dict[str, Any] = {
    "also_called": [],
    "questions": [],
    "stage_notes_html": {},
    "included_sources": [],
    "updated": None,
    "review_due": None,
    "valid_until": None,
    "translated": None,
}


def localize(items: Iterable[Any], lang: str, kind: str | None = None) -> list[Localized]:
    items = list(items)
    if not items:
        return []
    return localize_many(lang, (kind or items[0].kind, items))[0]


def localize_many(lang: str, *groups: tuple[str, Iterable[Any]]) -> list[list[Localized]]:
    """Several lists of English items, localized with one query for all their translations."""
    lists = [(kind, list(items)) for kind, items in groups]
    query = Q()
    for kind, items in lists:
        if items:
            query |= Q(kind=kind, english_slug__in={i.slug for i in items})
    found: dict[tuple[str, str], Translation] = {}
    if query:
        rows = published_translations(lang).filter(query)
        found = {(tr.kind, tr.english_slug): tr for tr in rows}
    return [[Localized(i, found.get((kind, i.slug)), lang) for i in items] for kind, items in lists]
