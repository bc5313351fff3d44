"""Rendering items against the slug map and keeping their link rows current.

This is the one place that writes an item's stored HTML and its outgoing
link rows; the loader and admin saves both come through here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pathways.models import (
    ITEM_MODELS,
    UNLINKABLE,
    Block,
    CrisisBox,
    Item,
    Link,
    Redirect,
    Source,
    Status,
    Substance,
    url_for,
)
from pathways.rendering import (
    CITE_PATTERN,
    Citations,
    IncludeMap,
    Rendered,
    SlugMap,
    Target,
    plain_text,
    render_markdown,
)
from pathways.rendering import Block as IncludedBlock
from pathways.search import index_item

# Glossary headwords that stay capitalized in running text.
PROPER_NOUNS = {"Medicaid", "Medicare"}


def inline_title(kind: str, title: str) -> str:
    """How a [[link]] without a label reads mid-sentence.

    Glossary headwords are capitalized ("Partial agonist"); in a sentence they
    read "a partial agonist". Acronyms and names ("HIV", "Good Samaritan law",
    "SMART Recovery", "Medicaid") keep their capitals.
    """
    words = title.split()
    if kind != "term" or not words or title in PROPER_NOUNS:
        return title
    first, rest = words[0], words[1:]
    if not re.fullmatch(r"[A-Z][a-z-]*", first) or any(w[:1].isupper() for w in rest):
        return title
    return title[:1].lower() + title[1:]


def build_slug_map() -> SlugMap:
    """Every item's link target, in one query per kind (never one per link).

    An old slug that redirects resolves to the item that now has the new one,
    so links written before a rename keep working.
    """
    slugs: SlugMap = {}
    for kind, model in ITEM_MODELS.items():
        if kind in UNLINKABLE:
            continue
        fields = ["slug", "title", "link_text", "status"]
        fields += ["body_html"] if kind == "term" else []
        for row in model.objects.values(*fields):
            slugs[row["slug"]] = Target(
                kind=kind,
                # A bare [[slug]] reads mid-sentence, so it prints the short
                # link text, never a page's full title.
                title=row["link_text"] or inline_title(kind, row["title"]),
                url=url_for(kind, row["slug"]),
                published=row["status"] == Status.PUBLISHED,
                definition=plain_text(row.get("body_html", "")),
                slug=row["slug"],
            )
    for old, new in Redirect.objects.values_list("old_slug", "new_slug"):
        if old not in slugs and new in slugs:
            slugs[old] = slugs[new]
    return slugs


def build_include_map() -> IncludeMap:
    """Every shared block, with its source ids in list order (two queries)."""
    blocks = {b.pk: b for b in Block.objects.only("pk", "slug", "body")}
    ids: dict[int, list[str]] = {pk: [] for pk in blocks}
    for object_id, key in Source.objects.filter(
        content_type__model="block", object_id__in=list(blocks)
    ).values_list("object_id", "key"):
        ids.setdefault(object_id, []).append(key)
    return {
        b.slug: IncludedBlock(body=b.body, source_ids=tuple(ids.get(pk, [])))
        for pk, b in blocks.items()
    }


def block_sources(slugs: Iterable[str]) -> list[dict[str, str]]:
    """The sources of these blocks, as a page that includes them lists them."""
    wanted = list(slugs)
    if not wanted:
        return []
    by_slug = {b.slug: b for b in Block.objects.filter(slug__in=wanted).prefetch_related("sources")}
    rows = []
    for slug in wanted:
        block = by_slug.get(slug)
        for s in block.sources.all() if block else []:
            rows.append(
                {
                    "key": s.key,
                    "title": s.title,
                    "publisher": s.publisher,
                    "url": s.url,
                    "checked": s.checked.isoformat() if s.checked else "",
                }
            )
    return rows


def preview_citations(text: str) -> Citations:
    """In the live preview the form's sources are not sent, so every cited id is numbered
    in the order it is first cited; the lint says which ids the page lacks."""
    order: list[str] = []
    for match in CITE_PATTERN.finditer(text):
        if match.group(1) not in order:
            order.append(match.group(1))
    return Citations(order=tuple(order))


def item_citations(item: Item) -> Citations:
    keys = tuple(s.key for s in item.sources.all() if s.key) if item.pk else ()
    if isinstance(item, CrisisBox):
        # The crisis box sits on every page, beside pages that cite the same block.
        return Citations(order=keys, prefix="crisis-", source_prefix="crisis-")
    return Citations(order=keys)


def render_item(item: Item, slugs: SlugMap, blocks: IncludeMap | None = None) -> list[str]:
    """Store the item's HTML from its markdown; return every link target it names.

    Included blocks count as targets, so changing a block re-renders every
    item that includes it, just as a retitled page re-renders its linkers.
    """
    blocks = blocks if blocks is not None else build_include_map()
    # A block is rendered alone (for its own preview and checks), never nested.
    rendered = render_markdown(
        item.body, slugs, {} if item.kind == "block" else blocks, item_citations(item)
    )
    item.body_html = rendered.html
    item.toc_html = rendered.toc_html if item.kind in {"article", "stage", "substance"} else ""
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
    """Store an item's rendered HTML.

    An update, not a save: rendering changes no text, so it keeps no revision
    and bumps no version.
    """
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


def linking_items(slugs: Iterable[str]) -> list[Item]:
    """Items whose text links to any of these slugs (to re-render after a change)."""
    rows = Link.objects.filter(target_slug__in=list(slugs)).values_list(
        "source_kind", "source_slug"
    )
    by_kind: dict[str, set[str]] = {}
    for kind, slug in rows:
        by_kind.setdefault(kind, set()).add(slug)
    items: list[Item] = []
    for kind, kind_slugs in by_kind.items():
        items.extend(ITEM_MODELS[kind].objects.filter(slug__in=kind_slugs))
    return items


def rerender_linkers(
    changed_slugs: Iterable[str], slugs: SlugMap | None = None, skip: set[str] | None = None
) -> int:
    """Re-render the items that link to items whose title, status or slug changed."""
    items = [i for i in linking_items(changed_slugs) if not skip or i.slug not in skip]
    if not items:
        return 0
    slugs = slugs if slugs is not None else build_slug_map()
    blocks = build_include_map()
    for item in items:
        targets = render_item(item, slugs, blocks)
        store_links(item, targets)  # a renamed target's rows now carry its new slug
        save_rendered(item)
        index_item(item, bump=False)  # an included block's text is part of the page
    return len(items)


def published_backlinks(slug: str) -> list[Link]:
    # A block is part of every page that includes it, not a page that links.
    return list(
        Link.objects.filter(target_slug=slug, source_published=True).exclude(
            source_kind__in=UNLINKABLE
        )
    )
