"""What a reader sees of a text, as offsets the rules can point back into.

Masking blanks what a reader does not see (code, comments, addresses, link
targets, citations) with spaces, keeping every offset and newline, so a match
in the masked text is at the same line in the file. Sentences and paragraphs
are (start, end) offsets into the same text.
"""

from __future__ import annotations

import re

FENCE_RE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
CODE_RE = re.compile(r"`[^`\n]+`")
COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
MD_LINK_RE = re.compile(r"(?<!\!)\[([^\[\]\n]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
CROSS_LINK_RE = re.compile(r"\[\[([^\]\|\n]*)(\|)?([^\]\n]*)\]\]")
URL_RE = re.compile(r"\bhttps?://[^\s)>\]]+")
CITE_RE = re.compile(r"\[\^[a-z0-9]+(?:-[a-z0-9]+)*\]")
INCLUDE_RE = re.compile(r"^\{\{include [a-z0-9-]+\}\}[ \t]*$", re.MULTILINE)
HTML_TAG_RE = re.compile(r"</?[a-zA-Z][^>\n]*>")
QUOTED_RE = re.compile(
    '"[^"\n]{1,80}"|\u201c[^\u201d\n]{1,80}\u201d|\u2018[^\u2019\n]{1,80}\u2019'
    "|\u00ab[^\u00bb\n]{1,80}\u00bb"
)


def blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def _blank_match(match: re.Match[str]) -> str:
    return blank(match.group(0))


def _cross_link(match: re.Match[str]) -> str:
    # [[slug|label]] -> the label; [[slug]] -> the page's title (unknown here).
    if match.group(2):
        start = match.start(3) - match.start(0)
        return " " * start + match.group(3) + "  "
    return blank(match.group(0))


def _md_link(match: re.Match[str]) -> str:
    return " " + match.group(1) + blank(match.group(0)[len(match.group(1)) + 1 :])


def mask(text: str, markdown: bool = True) -> str:
    """The text with code, comments, addresses, link targets and citations blanked."""
    if markdown:
        for pattern in (FENCE_RE, CODE_RE, COMMENT_RE, INCLUDE_RE):
            text = pattern.sub(_blank_match, text)
        text = CROSS_LINK_RE.sub(_cross_link, text)
        text = MD_LINK_RE.sub(_md_link, text)
        text = HTML_TAG_RE.sub(_blank_match, text)
    text = URL_RE.sub(_blank_match, text)
    return CITE_RE.sub(_blank_match, text)


def unquote(text: str) -> str:
    """Quoted words are mentions: blank them too."""
    return QUOTED_RE.sub(_blank_match, text)


# A list item, heading or table row starts a sentence (and a paragraph) of its own.
BLOCK_START = r"\n(?=[ \t]*(?:[-*+][ \t]|\d+[.)][ \t]|#|\|))"
SENTENCE_END_RE = re.compile(
    r"(?<=[.!?])(?:\[\^[^\]\n]+\])*[\"\u201d\u2019)]*(?:[ \t]+|\n)"
    rf"|\n[ \t]*\n|{BLOCK_START}|\|"
)
PARAGRAPH_END_RE = re.compile(rf"\n[ \t]*\n|{BLOCK_START}")


def spans(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    out, start = [], 0
    for match in pattern.finditer(text):
        out.append((start, match.start()))
        start = match.end()
    out.append((start, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip()]


def sentences(text: str) -> list[tuple[int, int]]:
    return spans(text, SENTENCE_END_RE)


def paragraphs(text: str) -> list[tuple[int, int]]:
    return spans(text, PARAGRAPH_END_RE)


def enclosing(ranges: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for start, end in ranges:
        if start <= pos < end:
            return start, end
    return pos, pos
