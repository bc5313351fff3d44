"""What happens after an editor saves an item in the admin.

The admin saves the text (keeping a revision); this module then renders it
with the one renderer, rebuilds its link rows and search entry, and, when the
title, status or slug changed, re-renders the items that link to it and keeps
the old address working with a redirect.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from pathways.caching import bump_content_version
from pathways.content.canonical import content_hash, record_from_item
from pathways.linking import (
    build_slug_map,
    render_item,
    rerender_linkers,
    save_rendered,
    store_links,
)
from pathways.models import Item, Link, Redirect, Source
from pathways.search import forget_item, index_item


@dataclass(frozen=True)
class Before:
    """The parts of an item that other items depend on, as they were before a save."""

    slug: str
    title: str
    status: str
    # (id, title, address) of each source, as the reviewed text hashes them.
    sources: tuple[tuple[str, str, str], ...] = ()

    @classmethod
    def of(cls, item: Item) -> Before | None:
        if not item.pk:
            return None
        row = type(item).objects.filter(pk=item.pk).values("slug", "title", "status").first()
        return cls(**row, sources=source_texts(item)) if row else None


def source_texts(item: Item) -> tuple[tuple[str, str, str], ...]:
    """The item's sources as stored now (a fresh query: the inline may just have saved)."""
    rows = Source.objects.filter(
        content_type=ContentType.objects.get_for_model(type(item)), object_id=item.pk
    ).order_by("position", "id")
    return tuple(rows.values_list("key", "title", "url"))


def date_source_changes(item: Item, before: Before | None) -> None:
    """`updated` is today when an admin save changed a source's id, title or address.

    The item's own text is dated by the save hook (`signals.date_text_changes`);
    sources are saved after the item, so they are compared here.
    """
    today = timezone.localdate()
    if before is None or item.updated == today or source_texts(item) == before.sources:
        return
    item.updated = today
    type(item).objects.filter(pk=item.pk).update(updated=today)


def refresh_current_hash(item: Item) -> None:
    """Record the hash of the row's canonical text, as the three-way sync reads it."""
    item.current_hash = content_hash(item.kind, record_from_item(item))
    type(item).objects.filter(pk=item.pk).update(current_hash=item.current_hash)


def after_save(item: Item, before: Before | None) -> list[str]:
    """Render, relink and reindex a saved item; return link targets that don't exist."""
    date_source_changes(item, before)
    refresh_current_hash(item)
    changed: set[str] = set()
    if before is not None and before.slug != item.slug:
        Link.objects.filter(source_kind=item.kind, source_slug=before.slug).delete()
        forget_item(item.kind, before.slug)
        if item.kind in {"article", "stage", "substance"}:
            Redirect.objects.update_or_create(
                kind=item.kind, old_slug=before.slug, defaults={"new_slug": item.slug}
            )
            # Earlier redirects to the old slug now point straight at the new one.
            Redirect.objects.filter(kind=item.kind, new_slug=before.slug).update(new_slug=item.slug)
        Redirect.objects.filter(kind=item.kind, old_slug=item.slug).delete()
        changed |= {before.slug, item.slug}
    if before is None or (before.title, before.status) != (item.title, item.status):
        changed.add(item.slug)
    if item.kind == "block":
        changed.add(item.slug)  # its text is part of every page that includes it
    # Built once the redirects are in place: items that link to an old slug
    # resolve it through its redirect, and re-rendering stores the new one.
    slugs = build_slug_map()
    targets = render_item(item, slugs)
    save_rendered(item)
    store_links(item, targets)
    index_item(item)
    bump_content_version()
    if changed:
        rerender_linkers(changed, slugs, skip={item.slug})
    return list(item.broken_links)
