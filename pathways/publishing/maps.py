"""What the renderer is handed: every link target and every shared block, read once.

The renderer is a pure function of its inputs; these two maps are the
database's part of them, built in a fixed number of queries per batch (never
one per link), so a load of 10,000 pages renders against two maps.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from pathways.models import ITEM_MODELS, Block, Item, Redirect, Source, Status, url_for
from pathways.rendering import Block as IncludedBlock
from pathways.rendering import IncludeMap, SlugMap, Target, plain_text

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


def shows_definition(model: type[Item]) -> bool:
    """A link to a glossary term (linkable, with no page) shows its definition."""
    return model.spec.linkable and not model.spec.has_page


def link_target(kind: str, row: dict[str, Any], definition: str = "") -> Target:
    """What a link to an item shows, from its slug, title, link_text and status."""
    return Target(
        kind=kind,
        # A bare [[slug]] reads mid-sentence, so it prints the short link text,
        # never a page's full title.
        title=row.get("link_text") or inline_title(kind, row["title"]),
        url=url_for(kind, row["slug"]),
        published=row["status"] == Status.PUBLISHED,
        definition=definition,
        slug=row["slug"],
    )


def build_slug_map() -> SlugMap:
    """Every linkable item's target, in one query per kind.

    An old slug that redirects resolves to the item that now has the new one,
    so links written before a rename keep working.
    """
    slugs: SlugMap = {}
    for kind, model in ITEM_MODELS.items():
        if not model.spec.linkable:
            continue
        fields = ["slug", "title", "link_text", "status"]
        fields += ["body_html"] if shows_definition(model) else []
        for row in model.objects.values(*fields):
            slugs[row["slug"]] = link_target(
                kind, row, definition=plain_text(row.get("body_html", ""))
            )
    for old, new in Redirect.objects.values_list("old_slug", "new_slug"):
        if old not in slugs and new in slugs:
            slugs[old] = slugs[new]
    return slugs


def build_include_map() -> IncludeMap:
    """Every shared block, with its source ids in list order (two queries)."""
    blocks = {b.pk: b for b in Block.objects.only("pk", "slug", "body")}
    ids: dict[int, list[str]] = {pk: [] for pk in blocks}
    for object_id, key in (
        Source.objects.filter(content_type__model="block", object_id__in=list(blocks))
        .order_by("position", "id")
        .values_list("object_id", "key")
    ):
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
    return included_source_rows(wanted, by_slug)


def included_source_rows(
    slugs: list[str], blocks: dict[str, Block] | dict[str, Any]
) -> list[dict[str, str]]:
    """The sources of these blocks (English or translated), in include order, as copied
    onto a page that includes them."""
    rows = []
    for slug in slugs:
        block = blocks.get(slug)
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
