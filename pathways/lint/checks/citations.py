"""Statistics: a number that claims a rate carries its source in the same paragraph.

The lint can only guess what is a statistic (numbers also count days, steps
and ages), which is why the rule is a warning.
"""

from __future__ import annotations

import re

from pathways.lint.checks.base import Hits, I
from pathways.lint.page import PageText, line_of
from pathways.lint.rules import Rule
from pathways.lint.text import CITE_RE, mask, paragraphs

# --- statistic-citation

STATISTIC = {
    "en": re.compile(
        r"(?<![\w.])\d+(?:\.\d+)?\s?(?:%|percent\b)"
        r"|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:in|out of)\s+"
        r"(?:every\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|a hundred|"
        r"a thousand)\b"
        r"|\b(?:\d+(?:\.\d+)?|two|three|four|five|six|seven|eight|nine|ten)\s+times\s+"
        r"(?:more|less|higher|lower|greater|as|the)\b"
        r"|\b(?:twice|half|double|triple|a third|a quarter)\s+(?:the|as)\s+"
        r"(?:risk|rate|likely|many|much|chance|number|odds)\b",
        I,
    ),
    "es": re.compile(
        r"(?<![\w.])\d+(?:[.,]\d+)?\s?(?:%|por ciento\b)"
        r"|\b(?:\d+|una?|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez)\s+de\s+cada\s+"
        r"(?:\d+|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|cien|mil)\b"
        r"|\b(?:\d+|dos|tres|cuatro|cinco|diez)\s+veces\s+(?:m[áa]s|menos)\b"
        r"|\b(?:la mitad|el doble|el triple)\s+(?:del?|de la)\s+(?:riesgo|tasa|probabilidad)\b",
        I,
    ),
}


def check_statistic(page: PageText, rule: Rule) -> Hits:
    for seg in page.segments:
        if seg.field in ("title",):
            continue
        text = mask(seg.text, seg.markdown)
        for start, end in paragraphs(text):
            match = STATISTIC[page.lang].search(text, start, end)
            if match and not CITE_RE.search(seg.text[start:end]):
                yield (
                    line_of(seg, match.start()),
                    f"a statistic ('{match.group(0)}') with no [^id] citation in its paragraph",
                )
