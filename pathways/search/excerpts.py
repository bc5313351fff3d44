"""Excerpts: a window of plain text around the first match, escaped, with the matches marked."""

from __future__ import annotations

import re
from typing import Protocol

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

EXCERPT_CHARS = 220


class Text(Protocol):
    """An index entry as an excerpt sees it, in any language."""

    body: str
    summary: str


def excerpt(entry: Text, terms: list[str]) -> SafeString:
    """A window of plain text around the first match, escaped, with the matches marked."""
    text = entry.body or entry.summary
    stems = sorted({stem(t) for t in terms if len(t) > 1}, key=len, reverse=True)
    alternatives = "|".join(map(re.escape, stems))
    pattern = re.compile(rf"\b({alternatives})\w*", re.IGNORECASE) if stems else None
    start = 0
    match = pattern.search(text) if pattern else None
    if match is None:
        text = entry.summary or text
    elif match.start() > EXCERPT_CHARS // 3:
        start = text.rfind(" ", 0, match.start() - EXCERPT_CHARS // 3) + 1
    window = text[start : start + EXCERPT_CHARS]
    if start + EXCERPT_CHARS < len(text):
        window = window[: window.rfind(" ")] + " …"
    if start > 0:
        window = "… " + window
    if pattern is None:
        return escape(window)
    # Marked on the plain text, each piece escaped on its own: marking after
    # escaping would put marks inside entities ("&<mark>amp</mark>;").
    pieces, last = [], 0
    for found in pattern.finditer(window):
        pieces += [escape(window[last : found.start()]), f"<mark>{escape(found.group(0))}</mark>"]
        last = found.end()
    pieces.append(escape(window[last:]))
    return mark_safe("".join(pieces))  # noqa: S308


def stem(term: str) -> str:
    """A crude stem for highlighting only: 'withdrawals' marks 'withdrawal'."""
    for suffix in ("ings", "ing", "ies", "es", "s", "ed"):
        if term.endswith(suffix) and len(term) - len(suffix) >= 4:
            return term[: -len(suffix)]
    return term
