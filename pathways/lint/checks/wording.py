"""Words: person-first language (English and Spanish) and the current name of treatment.

Quoted words are mentions, not uses (a page may show what not to say), so
these rules read the text with quotations blanked.
"""

from __future__ import annotations

import re
from functools import cache

from pathways.lint.checks.base import Hits, I
from pathways.lint.page import PageText, line_of
from pathways.lint.rules import Rule
from pathways.lint.text import mask, unquote

# --- stigma and stigma-es


@cache
def word_patterns(rule: Rule) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    words = re.compile("|".join(f"(?:{w})" for w in rule.data.get("words", [])), I)
    names = rule.data.get("names", [])
    return words, re.compile("|".join(f"(?:{n})" for n in names), I) if names else None


def stigma_hits(page: PageText, rule: Rule) -> Hits:
    words, names = word_patterns(rule)
    for seg in page.segments:
        text = unquote(mask(seg.text, seg.markdown))
        if names:
            text = names.sub(lambda m: " " * len(m.group(0)), text)
        for match in words.finditer(text):
            yield (
                line_of(seg, match.start()),
                f"'{match.group(0)}' labels a person: use person-first words "
                "(or put the word in quotation marks if the page is about the word)",
            )


def check_stigma(page: PageText, rule: Rule) -> Hits:
    if page.lang == "en":
        yield from stigma_hits(page, rule)


def check_stigma_es(page: PageText, rule: Rule) -> Hits:
    if page.lang == "es":
        yield from stigma_hits(page, rule)


# --- treatment-wording

OLD_NAMES = {
    "en": re.compile(
        r"\bMAT\b|\bmedication[- ]assisted (?:treatment|therapy|recovery)\b"
        r"|\b(?:opioid |drug |methadone )?(?:replacement|substitution) (?:therapy|treatment)\b",
    ),
    "es": re.compile(
        r"\bMAT\b|\btratamiento asistido (?:con|por) medicamentos\b"
        r"|\b(?:terapia|tratamiento) (?:de )?"
        r"(?:reemplazo|sustituci[óo]n|sustitutiva|sustitutivo)\b",
        I,
    ),
}
CASELESS_EN = re.compile(
    r"\bmedication[- ]assisted (?:treatment|therapy|recovery)\b"
    r"|\b(?:opioid |drug |methadone )?(?:replacement|substitution) (?:therapy|treatment)\b",
    I,
)


def check_treatment_wording(page: PageText, rule: Rule) -> Hits:
    patterns = [OLD_NAMES["en"], CASELESS_EN] if page.lang == "en" else [OLD_NAMES["es"]]
    for seg in page.segments:
        text = unquote(mask(seg.text, seg.markdown))
        found: set[int] = set()
        for pattern in patterns:
            for match in pattern.finditer(text):
                if match.start() in found:
                    continue
                found.add(match.start())
                yield (
                    line_of(seg, match.start()),
                    f"'{match.group(0)}' is an older name: say medication for opioid use "
                    "disorder (MOUD), or quote it if the page is about the name",
                )
