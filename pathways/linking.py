"""Rendering items against the slug map and keeping their link rows current.

This is the one place that writes an item's stored HTML and its outgoing
link rows; the loader and admin saves both come through here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pathways.models import (
    ITEM_MODELS,
    Item,
    Link,
    Redirect,
    Status,
    Substance,
    url_for,
)
from pathways.rendering import Rendered, SlugMap, Target, plain_text, render_markdown

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
        if kind == "crisis":
            continue
        fields = ["slug", "title", "status"] + (["body_html"] if kind == "term" else [])
        for row in model.objects.values(*fields):
            slugs[row["slug"]] = Target(
                kind=kind,
                title=inline_title(kind, row["title"]),
                url=url_for(kind, row["slug"]),
                published=row["status"] == Status.PUBLISHED,
                definition=plain_text(row.get("body_html", "")),
                slug=row["slug"],
            )
    for old, new in Redirect.objects.values_list("old_slug", "new_slug"):
        if old not in slugs and new in slugs:
            slugs[old] = slugs[new]
    return slugs


def render_item(item: Item, slugs: SlugMap) -> list[str]:
    """Store the item's HTML from its markdown; return every link target it names."""
    rendered = render_markdown(item.body, slugs)
    item.body_html = rendered.html
    item.toc_html = rendered.toc_html if item.kind in {"article", "stage", "substance"} else ""
    links, missing = list(rendered.links), list(rendered.missing)
    if isinstance(item, Substance):
        notes_html: dict[str, str] = {}
        for stage_slug, note in item.stage_notes.items():
            note_rendered: Rendered = render_markdown(note, slugs)
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
    for item in items:
        targets = render_item(item, slugs)
        store_links(item, targets)  # a renamed target's rows now carry its new slug
        save_rendered(item)
    return len(items)


def published_backlinks(slug: str) -> list[Link]:
    return list(Link.objects.filter(target_slug=slug, source_published=True))
