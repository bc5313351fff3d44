"""Rendering a stored item with the one renderer, and storing what came out.

`render_item` hands the item's markdown and the batch's maps to
`pathways.rendering.render_markdown` and keeps its results on the item (HTML,
table of contents, the sources of included blocks, broken links);
`save_rendered` and `store_links` write them. Neither is a save: rendering
changes no text, so it keeps no revision and bumps no version.
"""

from __future__ import annotations

from collections.abc import Iterable

from pathways.models import CrisisBox, Item, Link, Substance
from pathways.publishing.maps import block_sources, build_include_map, build_slug_map
from pathways.rendering import (
    CITE_PATTERN,
    Citations,
    IncludeMap,
    Rendered,
    SlugMap,
    render_markdown,
)


def item_citations(item: Item) -> Citations:
    keys = tuple(s.key for s in item.sources.all() if s.key) if item.pk else ()
    return citations_for(item.kind, keys)


def citations_for(kind: str, keys: tuple[str, ...]) -> Citations:
    """How an item of this kind numbers and names its citations (keys in list order)."""
    if kind == CrisisBox.kind:
        # The crisis box sits on every page, beside pages that cite the same block.
        return Citations(order=keys, prefix="crisis-", source_prefix="crisis-")
    return Citations(order=keys)


def render_item(item: Item, slugs: SlugMap, blocks: IncludeMap) -> list[str]:
    """Keep the item's HTML from its markdown on the item; return every link target it names.

    Included blocks count as targets, so changing a block re-renders every
    item that includes it, just as a retitled page re-renders its linkers.
    """
    # A block is rendered alone (for its own preview and checks), never nested.
    rendered = render_markdown(
        item.body, slugs, {} if item.spec.included else blocks, item_citations(item)
    )
    item.body_html = rendered.html
    item.toc_html = rendered.toc_html if item.spec.has_toc else ""
    item.included_sources = block_sources(rendered.includes)
    links, missing = list(rendered.links), list(rendered.missing)
    links += [s for s in rendered.includes if s not in links]
    missing += [f"include {s}" for s in rendered.missing_includes]
    if isinstance(item, Substance):
        notes_html: dict[str, str] = {}
        order = item_citations(item).order
        for stage_slug, note in item.stage_notes.items():
            cites = Citations(
                order=order, prefix=f"{item.slug}-{stage_slug}-", href_base=item.get_absolute_url()
            )
            note_rendered: Rendered = render_markdown(note, slugs, {}, cites)
            notes_html[stage_slug] = note_rendered.html
            links += [s for s in note_rendered.links if s not in links]
            missing += [s for s in note_rendered.missing if s not in missing]
        item.stage_notes_html = notes_html
    item.broken_links = missing
    return [slug for slug in links if slug != item.slug]


def save_rendered(item: Item) -> None:
    """Store an item's rendered HTML (an update: no revision, no version)."""
    fields = {
        "body_html": item.body_html,
        "toc_html": item.toc_html,
        "broken_links": item.broken_links,
        "included_sources": item.included_sources,
    }
    if isinstance(item, Substance):
        fields["stage_notes_html"] = item.stage_notes_html
    type(item).objects.filter(pk=item.pk).update(**fields)


def store_links(item: Item, targets: Iterable[str]) -> None:
    """Replace the item's outgoing link rows."""
    Link.objects.filter(source_kind=item.kind, source_slug=item.slug).delete()
    Link.objects.bulk_create(
        Link(
            source_kind=item.kind,
            source_slug=item.slug,
            source_title=item.title,
            source_published=item.is_published,
            target_slug=target,
        )
        for target in targets
    )


def preview_citations(text: str) -> Citations:
    """In the live preview the form's sources are not sent, so every cited id is numbered
    in the order it is first cited; the lint says which ids the page lacks."""
    order: list[str] = []
    for match in CITE_PATTERN.finditer(text):
        if match.group(1) not in order:
            order.append(match.group(1))
    return Citations(order=tuple(order))


def preview_html(text: str) -> str:
    """The markdownx live preview: the same renderer, against the live maps."""
    return render_markdown(
        text, build_slug_map(), build_include_map(), preview_citations(text)
    ).html
