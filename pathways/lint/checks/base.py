"""What every check shares: its signature, and the page-level searches.

The patterns are deliberately plain regular expressions over the masked text
(see pathways.lint.text.mask): they are meant to be read and argued with by
editors and clinicians, not to understand every sentence. Where a rule is a
guess (a statistic), it is a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from pathways.lint.page import PageText, Segment
from pathways.lint.rules import Rule
from pathways.lint.text import mask

# A check yields (file line, message) for each thing it finds.
Hits = Iterator[tuple[int, str]]
Check = Callable[[PageText, Rule], Iterable[tuple[int, str]]]
I = re.IGNORECASE  # noqa: E741


def first_match(page: PageText, pattern: re.Pattern[str]) -> tuple[Segment, int] | None:
    """The first segment (and offset in it) where a reader sees the pattern."""
    for seg in page.segments:
        match = pattern.search(mask(seg.text, seg.markdown))
        if match:
            return seg, match.start()
    return None


def page_says(page: PageText, pattern: re.Pattern[str]) -> bool:
    """Whether a reader sees the pattern anywhere on the page."""
    return any(pattern.search(mask(seg.text, seg.markdown)) for seg in page.segments)
