"""What has to happen when an item is deleted, however it is deleted.

`withdraw` is called from a `post_delete` signal (pathways.signals), so the
admin's delete, a queryset's delete and `Model.delete()` in a script all end
here. It removes what the item left in other tables (its search entry, its
outgoing link rows, redirects to it) and re-renders and re-indexes the pages
that linked to it, so none of them keeps a live `<a>` to a page that now
answers 404.
"""

from __future__ import annotations

from pathways.caching import bump_content_version
from pathways.linking import linking_items, rerender_linkers
from pathways.models import ITEM_MODELS, Item, Link, Redirect
from pathways.search import bump_search_version, forget_item, index_item


def withdraw(item: Item) -> int:
    """Undo everything the item's publication put elsewhere; return how many linkers
    were re-rendered (and re-indexed)."""
    kind, slug = item.kind, item.slug
    forget_item(kind, slug)
    Link.objects.filter(source_kind=kind, source_slug=slug).delete()
    # Old addresses of the item now lead nowhere: answer 404 at once, and free
    # the slugs for reuse.
    Redirect.objects.filter(kind=kind, new_slug=slug).delete()
    linkers = [(i.kind, i.pk) for i in linking_items({slug}) if (i.kind, i.slug) != (kind, slug)]
    # The slug map is built after the item is gone, so links to it render as
    # plain text and are reported as broken on the linking items.
    rerender_linkers({slug})
    # Their search text changed with their HTML ("Naloxone" became "naloxone").
    for linker_kind, pk in linkers:
        linker = ITEM_MODELS[linker_kind].objects.filter(pk=pk).first()
        if linker is not None:
            index_item(linker, bump=False)
    bump_search_version()
    bump_content_version()
    return len(linkers)
