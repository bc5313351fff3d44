"""The one renderer: markdown in; sanitized HTML, a table of contents and link targets out.

The loader, admin saves and the markdownx live preview all call
`render_markdown`, so what an editor previews is what a reader gets. The
cross-link syntax `[[slug]]` / `[[slug|label]]` resolves against a `SlugMap`
built once per batch, so rendering makes no query per link. nh3 runs last
and is the only thing that decides which HTML survives.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

import markdown
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

LINK_RE = r"\[\[([^\]\|\n]*)(?:\|([^\]\n]*))?\]\]"
LINK_PATTERN = re.compile(LINK_RE)

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "ins",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "small",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "div": {"tabindex", "role", "aria-label"},
    "abbr": {"title"},
    "dfn": {"title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "li": {"id"},
    "sup": {"id"},
    "ol": {"start"},
    "td": {"align"},
    "th": {"align"},
}
# Classes that python-markdown's admonition and footnote extensions emit.
ALLOWED_CLASSES = {
    "div": {"admonition", "note", "warning", "important", "tip", "footnote", "table-scroll"},
    "p": {"admonition-title"},
    "a": {"footnote-ref", "footnote-backref", "glossary-link"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


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


@dataclass
class Rendered:
    html: str
    toc_html: str
    links: list[str] = field(default_factory=list)  # known targets, published or not
    missing: list[str] = field(default_factory=list)  # unknown targets


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
    def __init__(self, slugs: SlugMap, result: Rendered) -> None:
        super().__init__()
        self.slugs = slugs
        self.result = result

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Above python-markdown's link patterns (160), so `[[` is never read as
        # `[`, and below code spans (190), so `[[x]]` in code stays literal.
        md.inlinePatterns.register(
            CrossLinkProcessor(LINK_RE, self.slugs, self.result), "crosslink", 175
        )
        # Before the toc extension (priority 5) collects the headings.
        md.treeprocessors.register(DemoteH1(md), "demote_h1", 30)
        md.treeprocessors.register(ScrollableTables(md), "scrollable_tables", 1)


def sanitize(fragment: str) -> str:
    """The allow-list, applied until the HTML stops changing.

    One pass can leave malformed nesting (a removed element inside a <p>)
    that a browser would re-parse differently; a second pass settles it, so
    what is stored is exactly what a browser will build.
    """
    for _ in range(3):
        cleaned = clean_once(fragment)
        if cleaned == fragment:
            break
        fragment = cleaned
    return fragment


def clean_once(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_markdown(text: str, slugs: SlugMap) -> Rendered:
    """Turn markdown into safe HTML, a table of contents and the link targets."""
    result = Rendered(html="", toc_html="")
    md = markdown.Markdown(
        extensions=[
            "extra",
            "admonition",
            "sane_lists",
            "toc",
            PathwayExtension(slugs, result),
        ],
        extension_configs={
            "toc": {"toc_depth": "2-3"},
            "tables": {"use_align_attribute": True},
        },
        output_format="html",
    )
    result.html = sanitize(md.convert(text))
    tokens = getattr(md, "toc_tokens", [])
    result.toc_html = sanitize(md.toc) if tokens else ""  # type: ignore[attr-defined]
    return result


def plain_text(fragment: str) -> str:
    """Visible text of rendered HTML, with block ends kept as sentence breaks.

    Used for reading-grade checks, search excerpts and meta descriptions; the
    result is text, never HTML, and must be escaped before it is shown.
    """
    text = re.sub(r"</(h[1-6]|li|p|td|th|dt|dd|pre|blockquote)>", ". ", fragment)
    text = re.sub(r"<br\s*/?>", " ", text)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = re.sub(r"\.(\s*\.)+", ".", text)
    text = re.sub(r"([!?:;])\s*\.", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def preview_markdown(text: str) -> str:
    """The markdownx live preview: the same renderer, against the live slug map."""
    from pathways.linking import build_slug_map

    return render_markdown(text, build_slug_map()).html
