"""What a row was before a write: what other items depend on (its address, link text,
status) and its sources, read before an inline replaces them."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from pathways.models import Item, Source

SourceRow = tuple[str, str, str]  # (id, title, address), as the reviewed text hashes them


@dataclass(frozen=True)
class Before:
    """What other items depend on, as the row was before this write."""

    slug: str
    title: str
    link_text: str
    status: str
    sources: tuple[SourceRow, ...] | None = None  # None: not read (the writer dates them)

    @classmethod
    def of(cls, item: Item) -> Before | None:
        """Read fresh from the database (None for an item not saved yet)."""
        if not item.pk:
            return None
        row = (
            type(item)
            .objects.filter(pk=item.pk)
            .values("slug", "title", "link_text", "status")
            .first()
        )
        return cls(**row, sources=source_rows(item)) if row else None

    def changes_linkers(self, item: Item) -> bool:
        """Would a page that links to the item now print or point differently?"""
        return (self.slug, self.title, self.link_text, self.status) != (
            item.slug,
            item.title,
            item.link_text,
            item.status,
        )


def source_rows(item: Item) -> tuple[SourceRow, ...]:
    """The item's sources as stored now (a fresh query: an inline may just have saved)."""
    rows = Source.objects.filter(
        content_type=ContentType.objects.get_for_model(type(item)), object_id=item.pk
    ).order_by("position", "id")
    return tuple(rows.values_list("key", "title", "url"))
