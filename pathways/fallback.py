"""The crisis box for pages shown when the database cannot be read (the 500 page).

It is rendered from `content/crisis.md` and the blocks it includes, with the
one renderer, so the overdose steps stay written in one place even here. The
result is kept for the life of the process; if the files cannot be read, a
short list of the help numbers is used instead.
"""

from __future__ import annotations

import functools
import logging
import re

from django.conf import settings

from pathways.content.format.parsing import ParsedTree, parse_markdown_file
from pathways.rendering import LINK_PATTERN, Block, Citations, Target, render_markdown

log = logging.getLogger(__name__)

NUMBERS_ONLY = """<ul>
<li><strong>Emergency or overdose:</strong> call <a href="tel:911">911</a>.</li>
<li><strong>988 Suicide &amp; Crisis Lifeline:</strong> call <a href="tel:988">988</a>
or <a href="sms:988">text 988</a>.</li>
<li><strong>SAMHSA National Helpline:</strong>
<a href="tel:+18006624357">1-800-662-4357</a>, free and confidential, any time.</li>
</ul>"""
CITATION = re.compile(r'<sup class="cite"[^>]*>.*?</sup>')


@functools.cache
def crisis_box_html() -> str:
    try:
        tree = ParsedTree(root=settings.CONTENT_DIR)
        box = parse_markdown_file(tree, "crisis.md", "crisis", "crisis")
        blocks: dict[str, Block] = {}
        for path in sorted((settings.CONTENT_DIR / "blocks").glob("*.md")):
            block = parse_markdown_file(tree, f"blocks/{path.name}", "block", path.stem)
            if block is not None:
                keys = tuple(src["id"] for src in block.record.get("sources") or [])
                blocks[block.slug] = Block(body=block.record["body"], source_ids=keys)
        if box is None:
            raise ValueError("; ".join(str(e) for e in tree.errors))
        ids = tuple(s["id"] for s in box.record.get("sources") or [])
        # Without the database there is no slug map: a link reads as plain words.
        texts = [box.record["body"], *(b.body for b in blocks.values())]
        slugs = {
            m.group(1).strip(): Target("term", m.group(1).strip().replace("-", " "), "", False)
            for text in texts
            for m in LINK_PATTERN.finditer(text)
        }
        html = render_markdown(
            box.record["body"], slugs, blocks, Citations(order=ids, prefix="crisis-")
        ).html
        # Citations point at a sources list this page cannot show.
        return CITATION.sub("", html)
    except Exception:
        log.exception("the crisis box could not be rendered from its files")
        return NUMBERS_ONLY
