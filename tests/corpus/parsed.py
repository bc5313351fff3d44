"""The real content/ as the site would show it, read from the files with no database.

`load_corpus(root)` parses the tree with the project's own file-format layer
(`pathways.content.format.tree`) and renders every text with the one renderer
(`pathways.rendering.render_markdown`), handed the maps the publishing core
would build from the same files. The content rules read the result, so they
check the text readers get without loading it into a test database.

The database-side steps are reproduced here in small:

- the slug map (`pathways.publishing.maps.build_slug_map`): each linkable
  item's link text, address and status, and a glossary term's definition;
  no redirects, which only an admin rename makes;
- the include map (`build_include_map`): each block's markdown and source ids;
- `pathways.publishing.render.render_item`: citations numbered per page (the
  crisis box with its own prefix), blocks rendered alone, a drug's stage notes
  rendered beside its body, and a missing block reported as "include <slug>";
- the `Link` rows (`store_links`): every target an item's text names or
  includes, itself left out.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

from pathways.content.format.parsing import ParsedItem
from pathways.content.format.translated import LANGUAGES
from pathways.content.format.tree import parse_language, parse_tree
from pathways.kinds import KINDS
from pathways.models import url_for
from pathways.publishing.maps import link_target
from pathways.publishing.render import citations_for
from pathways.rendering import (
    Block,
    Citations,
    IncludeMap,
    SlugMap,
    plain_text,
    render_markdown,
)

PUBLISHED = "published"


@dataclass(frozen=True)
class Source:
    """One cited source, and the file that cites it."""

    key: str
    title: str
    publisher: str
    url: str
    cited_by: str  # the citing file, relative to content/ (es/... for a translation)


@dataclass(frozen=True)
class Item:
    """One English item, as its file says and as the site renders it.

    Fields a kind does not have keep their empty value (a term has no summary).
    """

    kind: str
    slug: str
    path: str  # relative to content/
    title: str
    link_text: str
    status: str
    body: str  # markdown (a glossary term's definition)
    body_html: str
    links: tuple[str, ...]  # what the text links to or includes, itself left out
    broken_links: tuple[str, ...]  # unknown [[links]], and "include <slug>" for unknown blocks
    includes: tuple[str, ...]  # the blocks it includes
    sources: tuple[Source, ...]
    updated: datetime.date | None = None
    review_due: datetime.date | None = None
    valid_until: datetime.date | None = None
    summary: str = ""
    also_called: tuple[str, ...] = ()
    featured: bool = False
    reviewed_by: str = ""
    reviewed_on: datetime.date | None = None
    stage: str | None = None  # an article's stage
    number: int | None = None  # a stage's place on the pathway
    duration: str = ""
    who: str = ""
    questions: tuple[str, ...] = ()
    stage_notes: dict[str, str] | None = None  # a drug's notes per stage, markdown
    stage_notes_html: dict[str, str] | None = None

    @property
    def published(self) -> bool:
        return self.status == PUBLISHED

    @property
    def text(self) -> str:
        """The visible text of the rendered body."""
        return plain_text(self.body_html)


@dataclass(frozen=True)
class Corpus:
    root: Path
    items: tuple[Item, ...]
    domains: tuple[str, ...]  # sources.yml: the domains a source may cite
    sources: tuple[Source, ...]  # every source any file cites, translations' included

    def of(self, *kinds: str, published: bool = False) -> list[Item]:
        """The items of these kinds (only the published ones, when asked)."""
        return [i for i in self.items if i.kind in kinds and (i.published or not published)]

    def get(self, kind: str, slug: str) -> Item:
        for item in self.items:
            if item.kind == kind and item.slug == slug:
                return item
        raise KeyError(f"no {kind} '{slug}' in {self.root}")


def corpus() -> Corpus:
    """The content the site is configured with (settings.CONTENT_DIR)."""
    return load_corpus(Path(settings.CONTENT_DIR))


@cache
def load_corpus(root: Path) -> Corpus:
    """Parse and render the tree under root, once per process."""
    tree = parse_tree(root)
    translations = [t for language in LANGUAGES for t in parse_language(tree, language)]
    # A tree the loader can't even read would load nothing; say why, not which rule failed.
    if tree.errors:
        raise ValueError("content does not parse:\n" + "\n".join(map(str, tree.errors)))
    blocks: IncludeMap = {
        p.slug: Block(body=p.record["body"], source_ids=tuple(source_keys(p)))
        for p in tree.items
        if KINDS[p.kind].included
    }
    # A linked term's title attribute shows its rendered definition, so terms are
    # rendered once against a map without definitions to build the full map.
    # (No rule reads that attribute; it is there so the HTML is the site's.)
    bare = slug_map(tree.items, {})
    terms = {
        p.slug: render_markdown(p.record["body"], bare).html for p in tree.items if p.kind == "term"
    }
    slugs = slug_map(tree.items, {slug: plain_text(html) for slug, html in terms.items()})
    items = sorted((render(p, slugs, blocks) for p in tree.items), key=model_order)
    sources = [s for item in items for s in item.sources]
    sources += [s for t in translations for s in sources_of(t.item)]
    return Corpus(root, tuple(items), tuple(sorted(set(tree.domains))), tuple(sources))


def slug_map(parsed: list[ParsedItem], definitions: dict[str, str]) -> SlugMap:
    """What `build_slug_map` reads from the database, from the files instead."""
    return {
        p.slug: link_target(p.kind, dict(p.record, slug=p.slug), definitions.get(p.slug, ""))
        for p in parsed
        if KINDS[p.kind].linkable
    }


def source_keys(p: ParsedItem) -> list[str]:
    return [s["id"] for s in p.record.get("sources") or [] if s["id"]]


def sources_of(p: ParsedItem) -> list[Source]:
    return [
        Source(s["id"], s["title"], s["publisher"], s["url"], p.path)
        for s in p.record.get("sources") or []
    ]


def render(p: ParsedItem, slugs: SlugMap, blocks: IncludeMap) -> Item:
    """`render_item` on the parsed record: its HTML, link targets and broken links."""
    spec, record = KINDS[p.kind], p.record
    keys = tuple(source_keys(p))
    citations = citations_for(p.kind, keys)
    # A block is rendered alone (for its own preview and checks), never nested.
    rendered = render_markdown(record["body"], slugs, {} if spec.included else blocks, citations)
    links, missing = list(rendered.links), list(rendered.missing)
    links += [s for s in rendered.includes if s not in links]
    missing += [f"include {s}" for s in rendered.missing_includes]
    notes_html: dict[str, str] | None = None
    if p.kind == "substance":
        notes_html = {}
        for stage_slug, note in (record.get("stage_notes") or {}).items():
            cites = Citations(
                order=keys, prefix=f"{p.slug}-{stage_slug}-", href_base=url_for(p.kind, p.slug)
            )
            note_rendered = render_markdown(note, slugs, {}, cites)
            notes_html[stage_slug] = note_rendered.html
            links += [s for s in note_rendered.links if s not in links]
            missing += [s for s in note_rendered.missing if s not in missing]
    review: dict[str, Any] = record.get("clinical_review") or {}
    return Item(
        kind=p.kind,
        slug=p.slug,
        path=p.path,
        title=record["title"],
        link_text=record.get("link_text") or "",
        status=record["status"],
        body=record["body"],
        body_html=rendered.html,
        links=tuple(s for s in links if s != p.slug),
        broken_links=tuple(missing),
        includes=tuple(rendered.includes),
        sources=tuple(sources_of(p)),
        updated=record.get("updated"),
        review_due=record.get("review_due"),
        valid_until=record.get("valid_until"),
        summary=record.get("summary") or "",
        also_called=tuple(record.get("also_called") or ()),
        featured=bool(record.get("featured")),
        reviewed_by=review.get("by") or "",
        reviewed_on=review.get("date"),
        stage=record.get("stage"),
        number=p.number,
        duration=record.get("duration") or "",
        who=record.get("who") or "",
        questions=tuple(record.get("questions") or ()),
        stage_notes=dict(record["stage_notes"]) if "stage_notes" in record else None,
        stage_notes_html=notes_html,
    )


def model_order(item: Item) -> tuple[str, int, str]:
    """Each kind in the order its model lists it: stages by number, blocks by slug,
    the rest by title."""
    if item.kind == "stage":
        return (item.kind, item.number or 0, "")
    return (item.kind, 0, item.slug if item.kind == "block" else item.title)
