"""After a write: the one sequence every change to an item ends in.

Whatever wrote the row (the admin's form, a restore, the loader, a script's
`save()` or `delete()`), the model hooks in `pathways.publishing.hooks` hand
the item here, so no path can skip a step:

1. refuse, in the loader's words, what the loader would refuse (`checks`),
   unless the writer vouched for the text (the loader, which checked the file);
2. keep the three-way sync's `current_hash` true and date a change of
   sources the writer did not date;
3. keep the item's sources and substances in its latest revision;
4. follow a rename: a redirect from the old address, earlier redirects
   pointed at the new one, the old link rows and search entry dropped;
5. render every written item with the one renderer against one slug map and
   one include map, store its HTML and link rows, index it for search;
6. re-render and re-index the items that link to anything whose address,
   link text or status changed (or that include a changed block);
7. bump the search and content versions once, so stored pages and cached
   rankings go stale at once on every server.

Writes inside `batch()` (the loader's whole load, an admin save with its
inlines) are collected and published once when the batch ends or is
flushed, inside its transaction; a lone `save()` is its own batch.
`withdraw` is the same for a delete: it also takes the item's translations
off the site.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

from django.utils import timezone

from pathways.content.format.canonical import content_hash
from pathways.content.sync.records import record_from_item
from pathways.content_version import bump_content_version
from pathways.models import Item, Link, Redirect, writes
from pathways.publishing.before import Before, source_rows
from pathways.publishing.checks import refuse_if_invalid
from pathways.publishing.linkers import rerender_linkers
from pathways.publishing.maps import build_include_map, build_slug_map, shows_definition
from pathways.publishing.render import render_item, save_rendered, store_links
from pathways.publishing.revisions import record_relations
from pathways.search.index import forget_item, index_item
from pathways.search.versions import bump_search_version
from pathways.translations import withdraw_translations

RENDER_CHUNK = 500  # rows fetched (with their sources) per query while publishing

Progress = Callable[[str], None]


@dataclass
class Pending:
    before: Before | None
    vouched: bool  # the writer set the sync hash and the date itself
    sources_only: bool = False  # only its sources were written: linkers print the same


@dataclass
class Publication:
    """What one publish did."""

    rendered: int = 0
    linkers: int = 0
    broken: dict[tuple[str, str], list[str]] = field(default_factory=dict)


@dataclass
class Batch:
    """Writes waiting to be published together, by model and primary key."""

    pending: dict[type[Item], dict[int, Pending]] = field(default_factory=dict)
    withdrawn: set[str] = field(default_factory=set)  # their linkers are re-rendered once

    def add(self, item: Item, before: Before | None, vouched: bool) -> None:
        entries = self.pending.setdefault(type(item), {})
        if item.pk in entries:  # the first write's "before" is the one that counts
            entries[item.pk].vouched = entries[item.pk].vouched and vouched
            entries[item.pk].sources_only = False
        else:
            entries[item.pk] = Pending(before, vouched)

    def flush(self, progress: Progress | None = None) -> Publication:
        pending, self.pending = self.pending, {}
        withdrawn, self.withdrawn = self.withdrawn, set()
        if not pending and not withdrawn:
            return Publication()
        return publish_pending(pending, progress, withdrawn)


writes.register(Batch)


def batch() -> AbstractContextManager[Batch]:
    """Collect every write inside and publish them once at the end (`models.writes`).

    The batch is one transaction, and publishing runs inside it: a write the
    checks refuse is rolled back with the rest. Nested batches join the
    outer one. If the body raises, nothing is published.
    """
    return writes.scope()


def current_batch() -> Batch:
    """The batch being collected (an error outside one: nothing would publish it)."""
    current: Batch | None = writes.current()
    if current is None:
        raise RuntimeError("not inside publishing.batch()")
    return current


def written(item: Item, before: Before | None, vouched: bool) -> None:
    """An item's row was written: publish it now, or with the batch it belongs to."""
    current = writes.current()
    if current is not None:
        current.add(item, before, vouched)
    else:
        publish_pending({type(item): {item.pk: Pending(before, vouched)}})


def sources_written(model: type[Item], pk: int) -> None:
    """A source of this item was written on its own (an inline, a script).

    Inside a batch where the item itself was written, that write publishes
    it, with the sources as they are by then; otherwise the item is published
    as changed by a writer that vouched for nothing.
    """
    if (model, pk) in _deleting:
        return  # deleted with its item, whose delete withdraws it
    current = writes.current()
    if current is None:
        publish_pending({model: {pk: Pending(None, vouched=False, sources_only=True)}})
    elif pk not in current.pending.get(model, {}):
        current.pending.setdefault(model, {})[pk] = Pending(None, False, sources_only=True)


# Items being deleted right now (between their pre_delete and post_delete).
_deleting: set[tuple[type[Item], int]] = set()


def deleting(item: Item) -> None:
    _deleting.add((type(item), item.pk))


def publish(items: list[Item]) -> Publication:
    """Publish saved items as a writer that vouches for nothing (hash and dates are checked)."""
    pending: dict[type[Item], dict[int, Pending]] = {}
    for item in items:
        pending.setdefault(type(item), {})[item.pk] = Pending(None, vouched=False)
    return publish_pending(pending)


def publish_pending(
    pending: dict[type[Item], dict[int, Pending]],
    progress: Progress | None = None,
    withdrawn: set[str] | None = None,
) -> Publication:
    out = Publication()
    changed: set[str] = set(withdrawn or ())
    # Renames and bookkeeping first: links to an old slug resolve through the
    # redirect, so the slug map must be built after the redirects exist.
    for model, entries in pending.items():
        for row in chunks(model, list(entries), prefetch=False):
            changed |= settle(row, entries[row.pk])
    slugs, blocks = build_slug_map(), build_include_map()
    # A link to a glossary term shows the term's definition as rendered, so new
    # or edited terms are rendered first and the map is built again from them;
    # otherwise a first load, or a linker re-rendered for an edited term, would
    # show an empty or an old definition.
    terms = [(model, entries) for model, entries in pending.items() if shows_definition(model)]
    for model, entries in terms:
        for row in chunks(model, list(entries), prefetch=True):
            render_item(row, slugs, blocks)
            save_rendered(row)
    if terms:
        slugs = build_slug_map()
    total = sum(len(entries) for entries in pending.values())
    done: set[str] = set()
    for model, entries in pending.items():
        for row in chunks(model, list(entries), prefetch=True):
            targets = render_item(row, slugs, blocks)
            save_rendered(row)
            store_links(row, targets)
            index_item(row, bump=False)
            if row.broken_links:
                out.broken[(row.kind, row.slug)] = list(row.broken_links)
            done.add(row.slug)
            out.rendered += 1
            if progress and out.rendered % 1000 == 0:
                progress(f"{out.rendered} of {total} items rendered")
    if changed:
        out.linkers = rerender_linkers(changed, slugs, skip=done)
    bump_search_version()
    bump_content_version()
    return out


def chunks(model: type[Item], pks: list[int], *, prefetch: bool) -> Iterator[Item]:
    """The rows, a chunk at a time: 10,000 rows with their text would not fit twice."""
    for start in range(0, len(pks), RENDER_CHUNK):
        rows = model.objects.filter(pk__in=pks[start : start + RENDER_CHUNK])
        yield from rows.prefetch_related("sources") if prefetch else rows


def settle(item: Item, entry: Pending) -> set[str]:
    """Steps 1 to 4 for one row; return the slugs whose linkers must be re-rendered."""
    before = entry.before
    if not entry.vouched:
        # The writer vouched for nothing (an admin form, a restore, a script):
        # what the loader would refuse is refused here, in its words.
        refuse_if_invalid(item)
        date_source_changes(item, before)
        item.current_hash = content_hash(item.kind, record_from_item(item))
        type(item).objects.filter(pk=item.pk).update(current_hash=item.current_hash)
    if before is not None or not entry.vouched:
        # The latest revision holds the relations as saved, sources written
        # after the row included (a new item's first load has nothing to
        # restore to, so it records nothing).
        record_relations(item)
    changed: set[str] = set()
    if before is not None and before.slug != item.slug:
        follow_rename(item, before.slug)
        changed |= {before.slug, item.slug}
    # A block's text is part of every page that includes it; a glossary
    # term's definition is shown where it is linked.
    shown_where_named = item.spec.included or (item.spec.linkable and not item.spec.has_page)
    if entry.sources_only and not item.spec.included:
        return changed
    if before is None or before.changes_linkers(item) or shown_where_named:
        changed.add(item.slug)
    return changed


def date_source_changes(item: Item, before: Before | None) -> None:
    """`updated` is today when a write changed a source's id, title or address.

    The item's own text is dated as it is saved (`hooks.date_text_changes`);
    sources are saved after the item, so they are compared here.
    """
    today = timezone.localdate()
    if before is None or before.sources is None or item.updated == today:
        return
    if source_rows(item) == before.sources:
        return
    item.updated = today
    type(item).objects.filter(pk=item.pk).update(updated=today)


def follow_rename(item: Item, old_slug: str) -> None:
    Link.objects.filter(source_kind=item.kind, source_slug=old_slug).delete()
    forget_item(item.kind, old_slug)
    if item.spec.address == "slug":  # an address of its own, to keep working
        Redirect.objects.renamed(item.kind, old_slug, item.slug)
    else:  # no address to keep, but the new slug is nobody's old one now
        Redirect.objects.filter(kind=item.kind, old_slug=item.slug).delete()


def withdraw(item: Item) -> int:
    """Undo everything the item's publication put elsewhere; return how many linkers
    were re-rendered (and re-indexed)."""
    kind, slug = item.kind, item.slug
    _deleting.discard((type(item), item.pk))
    forget_item(kind, slug)
    # Its translations come off the site with it (drafted, out of search).
    withdraw_translations(kind, slug, f"the English {kind} was deleted")
    Link.objects.filter(source_kind=kind, source_slug=slug).delete()
    # Old addresses of the item now lead nowhere: answer 404 at once, and free
    # the slugs for reuse.
    Redirect.objects.filter(kind=kind, new_slug=slug).delete()
    current = writes.current()
    if current is not None:  # its linkers are re-rendered when the batch ends
        current.pending.get(type(item), {}).pop(item.pk, None)
        current.withdrawn.add(slug)
        return 0
    # The slug map is built after the item is gone, so links to it render as
    # plain text and are reported as broken on the linking items.
    count = rerender_linkers({slug})
    bump_search_version()
    bump_content_version()
    return count
