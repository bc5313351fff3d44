"""The English index: one `SearchEntry` per published page or glossary term, plain text only.

On SQLite, triggers copy each entry into its FTS table; on PostgreSQL the
matching vector is an index expression over the entry's columns, and the
small ranking vector is written in the same statement as the entry.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction

from pathways.models import ITEM_MODELS, Item, Page, SearchEntry, Status, Substance
from pathways.rendering import plain_text
from pathways.search.backends import postgres, sqlite
from pathways.search.query import SYNONYM_SEPARATOR
from pathways.search.versions import bump_search_version


def entry_fields(item: Item) -> dict[str, Any]:
    body = plain_text(item.body_html)
    if isinstance(item, Substance):
        body += " " + " ".join(plain_text(h) for h in item.stage_notes_html.values())
    fields: dict[str, Any] = {
        "title": item.title,
        "synonyms": SYNONYM_SEPARATOR.join(getattr(item, "also_called", []) or []),
        "summary": item.summary if isinstance(item, Page) else "",
        "body": body,
        "url": item.get_absolute_url(),
        "featured": getattr(item, "featured", False),
    }
    if connection.vendor == "postgresql":
        fields["ranking"] = postgres.ranking(fields)
    return fields


def index_item(item: Item, bump: bool = True) -> None:
    """Keep an item's search entry current: present while published, gone otherwise."""
    if not item.spec.searchable:
        return
    if item.status != Status.PUBLISHED:
        SearchEntry.objects.filter(kind=item.kind, slug=item.slug).delete()
    else:
        SearchEntry.objects.update_or_create(
            kind=item.kind, slug=item.slug, defaults=entry_fields(item)
        )
    if bump:
        bump_search_version()


def forget_item(kind: str, slug: str) -> None:
    SearchEntry.objects.filter(kind=kind, slug=slug).delete()
    bump_search_version()


def rebuild_index() -> int:
    """Drop every entry and index each published item again (in one transaction)."""
    count = 0
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for model in ITEM_MODELS.values():
            if not model.spec.searchable:
                continue
            for item in model.objects.published():
                index_item(item, bump=False)
                count += 1
        if connection.vendor == "sqlite":
            sqlite.ensure_index(connection)
    bump_search_version()
    return count
