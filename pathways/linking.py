"""Moved to `pathways.publishing` (kept while callers move)."""

from __future__ import annotations

from pathways.models import Link
from pathways.publishing.linkers import linking_items, rerender_linkers
from pathways.publishing.maps import block_sources, build_include_map, build_slug_map, inline_title
from pathways.publishing.render import (
    item_citations,
    preview_citations,
    render_item,
    save_rendered,
    store_links,
)


def published_backlinks(slug: str) -> list[Link]:
    # A block is part of every page that includes it, not a page that links.
    return Link.objects.backlinks_to(slug)


__all__ = [
    "block_sources",
    "build_include_map",
    "build_slug_map",
    "inline_title",
    "item_citations",
    "linking_items",
    "preview_citations",
    "published_backlinks",
    "render_item",
    "rerender_linkers",
    "save_rendered",
    "store_links",
]
