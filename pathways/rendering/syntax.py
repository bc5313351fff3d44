"""The site's own markdown syntax: [[links]], {{include slug}} blocks, [^id] citations.

What the renderer is handed (a slug map, an include map, a page's citations)
and what it reports (`Rendered`), and the python-markdown processors that
read the syntax.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

LINK_RE = r"\[\[([^\]\|\n]*)(?:\|([^\]\n]*))?\]\]"
LINK_PATTERN = re.compile(LINK_RE)
CITE_RE = r"\[\^([a-z0-9]+(?:-[a-z0-9]+)*)\]"
CITE_PATTERN = re.compile(CITE_RE)
INCLUDE_PATTERN = re.compile(r"^\{\{include ([a-z0-9]+(?:-[a-z0-9]+)*)\}\}[ \t]*$")


@dataclass(frozen=True)
class Target:
    """What a link needs to know about the item it points to."""

    kind: str
    title: str
    url: str
    published: bool
    definition: str = ""  # plain text, for glossary terms
    slug: str = ""  # the current slug, when the link names an old one


SlugMap = dict[str, Target]


@dataclass(frozen=True)
class Block:
    """A shared piece of text that pages include: its markdown and its own source ids."""

    body: str
    source_ids: tuple[str, ...] = ()


IncludeMap = dict[str, Block]


@dataclass(frozen=True)
class Citations:
    """How `[^id]` renders on one page.

    `order` is the page's source ids as its sources list shows them (an
    included block's sources are appended after the page's own). `prefix`
    keeps element ids unique when two rendered texts share a page (the crisis
    box is on every page; a drug's stage notes sit beside each other), and
    `href_base` points citations at another page's list (stage notes shown on
    a stage page cite the drug's page).
    """

    order: tuple[str, ...] = ()
    prefix: str = ""
    source_prefix: str = ""
    href_base: str = ""


@dataclass
class Rendered:
    html: str
    toc_html: str
    links: list[str] = field(default_factory=list)  # known targets, published or not
    missing: list[str] = field(default_factory=list)  # unknown targets
    includes: list[str] = field(default_factory=list)  # blocks included
    missing_includes: list[str] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)  # source ids cited, first use first
    missing_citations: list[str] = field(default_factory=list)
    source_order: list[str] = field(default_factory=list)  # every source id the page lists


class CrossLinkProcessor(InlineProcessor):
    def __init__(self, pattern: str, slugs: SlugMap, result: Rendered) -> None:
        super().__init__(pattern)
        self.slugs = slugs
        self.result = result

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | str, int, int]:
        slug = m.group(1).strip()
        label = (m.group(2) or "").strip()
        target = self.slugs.get(slug)
        if target is None:
            if slug not in self.result.missing:
                self.result.missing.append(slug)
            return label or slug, m.start(0), m.end(0)
        current = target.slug or slug
        if current not in self.result.links:
            self.result.links.append(current)
        text = label or target.title
        if not target.published:
            # A reader must not be sent to a page that isn't public.
            return text, m.start(0), m.end(0)
        el = etree.Element("a", {"href": target.url})
        if target.kind == "term":
            el.set("class", "glossary-link")
            el.set("title", target.definition)
        el.text = text
        return el, m.start(0), m.end(0)


class CitationProcessor(InlineProcessor):
    """`[^id]` becomes a numbered superscript linking to the source's entry."""

    def __init__(self, pattern: str, citations: Citations, result: Rendered) -> None:
        super().__init__(pattern)
        self.citations = citations
        self.result = result
        self.uses: dict[str, int] = {}

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | str, int, int]:
        key = m.group(1)
        order = self.result.source_order
        if key not in order:
            if key not in self.result.missing_citations:
                self.result.missing_citations.append(key)
            return m.group(0), m.start(0), m.end(0)
        if key not in self.result.cited:
            self.result.cited.append(key)
        self.uses[key] = self.uses.get(key, 0) + 1
        c = self.citations
        number = order.index(key) + 1
        sup = etree.Element(
            "sup", {"class": "cite", "id": f"{c.prefix}cite-{key}-{self.uses[key]}"}
        )
        link = etree.SubElement(
            sup,
            "a",
            {
                "href": f"{c.href_base}#{c.source_prefix}source-{key}",
                "aria-label": f"Source {number}",
            },
        )
        link.text = f"[{number}]"
        return sup, m.start(0), m.end(0)


class IncludePreprocessor(Preprocessor):
    """`{{include slug}}` on its own line becomes the block's text, marked as included.

    Blocks do not include blocks: one level keeps every included text's own
    file the only place it is written.
    """

    def __init__(
        self, md: markdown.Markdown, blocks: IncludeMap, result: Rendered, prefix: str
    ) -> None:
        super().__init__(md)
        self.blocks = blocks
        self.result = result
        self.prefix = prefix  # keeps the anchor unique where the crisis box has it too

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        for line in lines:
            match = INCLUDE_PATTERN.match(line)
            if match is None:
                out.append(line)
                continue
            slug = match.group(1)
            block = self.blocks.get(slug)
            if block is None:
                if slug not in self.result.missing_includes:
                    self.result.missing_includes.append(slug)
                continue
            if slug not in self.result.includes:
                self.result.includes.append(slug)
            body = "\n".join(x for x in block.body.split("\n") if not INCLUDE_PATTERN.match(x))
            anchor = f"{self.prefix}{slug}"
            out += ["", f'<div class="include" id="{anchor}" data-include="{slug}" markdown="1">']
            out += [""]
            out += body.split("\n")
            out += ["", "</div>", ""]
        return out


class DemoteH1(Treeprocessor):
    """The page title is the only h1, so a `#` heading in a body becomes an h2."""

    def run(self, root: etree.Element) -> None:
        for el in root.iter("h1"):
            el.tag = "h2"


class ScrollableTables(Treeprocessor):
    """Wrap each table in a focusable region, so a wide table scrolls on its own on a
    phone and keyboard users can scroll it too."""

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "table":
                    wrapper = etree.Element(
                        "div",
                        {
                            "class": "table-scroll",
                            "tabindex": "0",
                            "role": "region",
                            "aria-label": "Table",
                        },
                    )
                    parent.remove(child)
                    wrapper.append(child)
                    parent.insert(index, wrapper)


class PathwayExtension(Extension):
    def __init__(
        self, slugs: SlugMap, result: Rendered, blocks: IncludeMap, citations: Citations
    ) -> None:
        super().__init__()
        self.slugs = slugs
        self.result = result
        self.blocks = blocks
        self.citations = citations

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Before every other preprocessor (higher runs first), so md_in_html
        # sees the wrapper and the included text is parsed as markdown.
        md.preprocessors.register(
            IncludePreprocessor(md, self.blocks, self.result, self.citations.prefix), "include", 40
        )
        md.inlinePatterns.register(
            CitationProcessor(CITE_RE, self.citations, self.result), "citation", 176
        )
        # Above python-markdown's link patterns (160), so `[[` is never read as
        # `[`, and below code spans (190), so `[[x]]` in code stays literal.
        md.inlinePatterns.register(
            CrossLinkProcessor(LINK_RE, self.slugs, self.result), "crosslink", 175
        )
        # Before the toc extension (priority 5) collects the headings.
        md.treeprocessors.register(DemoteH1(md), "demote_h1", 30)
        md.treeprocessors.register(ScrollableTables(md), "scrollable_tables", 1)
