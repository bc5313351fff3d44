"""The items that link to (or include) an item: re-rendered when it changes.

A link prints its target's link text and points at its address; an include
prints a block's text. So when an item is renamed, retitled, published,
drafted or deleted, the pages that name it are rendered again, and indexed
again, since their search text changed with their HTML.
"""

from __future__ import annotations

from collections.abc import Iterable

from pathways.models import ITEM_MODELS, Item, Link
from pathways.publishing.maps import build_include_map, build_slug_map
from pathways.publishing.render import render_item, save_rendered, store_links
from pathways.rendering import SlugMap
from pathways.search.index import index_item


def linking_items(slugs: Iterable[str]) -> list[Item]:
    """Items whose text links to any of these slugs, with their sources."""
    by_kind: dict[str, set[str]] = {}
    for kind, slug in Link.objects.sources_of(list(slugs)):
        by_kind.setdefault(kind, set()).add(slug)
    items: list[Item] = []
    for kind, kind_slugs in by_kind.items():
        items.extend(
            ITEM_MODELS[kind].objects.filter(slug__in=kind_slugs).prefetch_related("sources")
        )
    return items


def rerender_linkers(
    changed_slugs: Iterable[str], slugs: SlugMap | None = None, skip: set[str] | None = None
) -> int:
    """Re-render and re-index the items that link to these slugs; return how many."""
    items = [i for i in linking_items(changed_slugs) if not skip or i.slug not in skip]
    if not items:
        return 0
    slugs = slugs if slugs is not None else build_slug_map()
    blocks = build_include_map()
    for item in items:
        targets = render_item(item, slugs, blocks)
        store_links(item, targets)  # a renamed target's rows now carry its new slug
        save_rendered(item)
        index_item(item, bump=False)
    return len(items)
