"""The one renderer: markdown in; sanitized HTML, a table of contents and link targets out.

The loader, admin saves and the markdownx live preview all call
`render_markdown`, so what an editor previews is what a reader gets. Three
pieces of syntax are the site's own:

- `[[slug]]` / `[[slug|label]]` cross-links, resolved against a `SlugMap`
  built once per batch, so rendering makes no query per link;
- `{{include slug}}` on a line of its own, which inserts a shared block (the
  one set of overdose steps, say) from an `IncludeMap` handed in the same way;
- `[^id]` citations of the page's own sources, numbered in the order the
  sources list shows them.

Everything the renderer needs is passed in, so it stays a pure function of
its inputs. nh3 runs last and is the only thing that decides which HTML
survives.
"""

from __future__ import annotations

import html
import re
from collections.abc import Container

import markdown

from pathways.rendering.sanitize import sanitize
from pathways.rendering.syntax import (
    CITE_PATTERN,
    CITE_RE,
    INCLUDE_PATTERN,
    LINK_PATTERN,
    LINK_RE,
    Block,
    Citations,
    IncludeMap,
    PathwayExtension,
    Rendered,
    SlugMap,
    Target,
)

__all__ = [
    "CITE_PATTERN",
    "CITE_RE",
    "INCLUDE_PATTERN",
    "LINK_PATTERN",
    "LINK_RE",
    "Block",
    "Citations",
    "IncludeMap",
    "Rendered",
    "SlugMap",
    "Target",
    "plain_text",
    "render_markdown",
    "sanitize",
    "unknown_links",
]


def render_markdown(
    text: str,
    slugs: SlugMap,
    blocks: IncludeMap | None = None,
    citations: Citations | None = None,
) -> Rendered:
    """Turn markdown into safe HTML, a table of contents and the link targets."""
    result = Rendered(html="", toc_html="")
    blocks = blocks or {}
    citations = citations or Citations()
    # The sources list: the page's own, then each included block's, in order.
    order = list(citations.order)
    for match in (INCLUDE_PATTERN.match(line) for line in text.split("\n")):
        if match and match.group(1) in blocks:
            order += [k for k in blocks[match.group(1)].source_ids if k not in order]
    result.source_order = order
    md = markdown.Markdown(
        # python-markdown's "extra" without footnotes: `[^id]` is a citation here.
        extensions=[
            "abbr",
            "attr_list",
            "def_list",
            "fenced_code",
            "tables",
            "md_in_html",
            "admonition",
            "sane_lists",
            "toc",
            PathwayExtension(slugs, result, blocks, citations),
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
    # Citation numbers are links to the sources list, not words of the text.
    fragment = re.sub(r'<sup class="cite"[^>]*>.*?</sup>', "", fragment)
    text = re.sub(r"</(h[1-6]|li|p|td|th|dt|dd|pre|blockquote)>", ". ", fragment)
    text = re.sub(r"<br\s*/?>", " ", text)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = re.sub(r"\.(\s*\.)+", ".", text)
    text = re.sub(r"([!?:;])\s*\.", r"\1", text)
    text = re.sub(r"\s+", " ", text).strip()
    # A removed inline tag leaves a space before punctuation ("disorder ."); close it.
    return re.sub(r" ([.,;:!?)])", r"\1", text)


def unknown_links(text: str, linkable: Container[str]) -> list[tuple[str, int]]:
    """(slug, line within text) of each [[link]] the renderer reads that names no linkable item.

    The renderer is the one reader of links: a `[[x]]` in a code span is not
    a link, and only rendering knows that. `LINK_PATTERN` finds every place a
    link could be, so text whose candidates are all known has no unknown link
    and is not rendered again; otherwise the renderer decides, against a map
    of the known candidates.
    """
    candidates = [(m.group(1).strip(), m.start()) for m in LINK_PATTERN.finditer(text)]
    if all(slug in linkable for slug, _ in candidates):
        return []
    known = {slug: Target("article", slug, "", False) for slug, _ in candidates if slug in linkable}
    missing = render_markdown(text, known).missing
    first_at: dict[str, int] = {}
    for slug, start in candidates:
        first_at.setdefault(slug, text.count("\n", 0, start) + 1)
    return [(slug, first_at.get(slug, 1)) for slug in missing]
