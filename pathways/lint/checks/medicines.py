"""Medicines: no doses on the site, and the warnings that go with naltrexone and detox.

`dose` reads amounts, doses per day and taper schedules, sentence by sentence,
with the safety facts rules.yml allows. The two page-level rules read a
mention anywhere on the page and look for the warning anywhere on it too: one
sentence on the page is enough.
"""

from __future__ import annotations

import re
from functools import cache

from pathways.lint.checks.base import Hits, I, first_match, page_says
from pathways.lint.page import PageText, line_of
from pathways.lint.rules import Rule
from pathways.lint.text import enclosing, mask, sentences

# --- dose

AMOUNT_RE = re.compile(
    r"(?<![\w.])\d+(?:[.,]\d+)?(?:\s?(?:/|to|-|\u2013|or)\s?\d+(?:[.,]\d+)?)?\s?"
    r"(?:mg|mcg|µg|μg|milligrams?|micrograms?|ml|milliliters?|millilitres?|cc)\b",
    I,
)
NUMBER_WORDS = r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|half an?|a half)"
PER_DAY_RE = re.compile(
    rf"\b{NUMBER_WORDS}(?:\s+(?:to|or|-)\s+{NUMBER_WORDS})?\s+(?:[a-z-]+\s+){{0,2}}?"
    r"(?:strips?|films?|tablets?|pills?|capsules?|wafers?|lozenges?|patch(?:es)?|"
    r"sprays?|doses?|drops?)\s+(?:a|per|each|every)\s+(?:day|night|morning|evening|week)\b",
    I,
)
TAPER_RE = re.compile(
    r"\b(?:taper|tapering|reduce|reducing|lower|lowering|cut|cutting|drop|dropping|"
    r"decrease|decreasing)\b[^.\n]{0,40}?\bby\s+(?:\d+|half|a quarter|a third|one|two)\b"
    r"|\b\d+\s?(?:%|percent)\s+(?:a|per|each|every)\s+(?:day|week|month)\b",
    I,
)


@cache
def dose_allow(rule: Rule) -> list[tuple[re.Pattern[str], re.Pattern[str] | None]]:
    out = []
    for entry in rule.data.get("allow", []):
        unless = entry.get("unless")
        out.append((re.compile(entry["pattern"], I), re.compile(unless, I) if unless else None))
    return out


def check_dose(page: PageText, rule: Rule) -> Hits:
    allow = dose_allow(rule)
    for seg in page.segments:
        text = mask(seg.text, seg.markdown)
        bounds = sentences(text)
        for pattern, what in (
            (AMOUNT_RE, "an amount of a medicine"),
            (PER_DAY_RE, "a dose per day"),
            (TAPER_RE, "a taper schedule"),
        ):
            for match in pattern.finditer(text):
                start, end = enclosing(bounds, match.start())
                sentence = text[start:end]
                if any(p.search(sentence) and not (u and u.search(sentence)) for p, u in allow):
                    continue
                yield (
                    line_of(seg, match.start()),
                    f"{what} ('{match.group(0).strip()}'): say what the clinician decides "
                    "instead of a dose",
                )


# --- naltrexone-opioid-free


NALTREXONE = {
    "en": re.compile(r"\b(?:naltrexone|vivitrol)\b", I),
    "es": re.compile(r"\b(?:naltrexona|vivitrol)\b", I),
}
OPIOID_FREE = {
    "en": re.compile(
        r"opioid[- ]free"
        r"|free of (?:all |any )?opioids"
        r"|(?:without|no|off|stop(?:ped)? (?:using |taking )?(?:all |any )?)"
        r"(?:any |all )?opioids?\b[^.]{0,60}\b(?:days?|weeks?|first|before)"
        r"|(?:days?|weeks?)\b[^.]{0,30}\b(?:without|with no|off|after (?:the )?last)"
        r"(?: any| all)? (?:opioids?|use|dose)"
        r"|(?:stop|stopped|stopping|quit) (?:using |taking )?(?:all |any )?opioids?\b[^.]{0,80}"
        r"\bbefore"
        r"|no opioids in (?:your|the) (?:body|system)"
        r"|\b(?:period|time|days?|week|weeks)\b (?:with no|without|free of|off) "
        r"(?:any |all )?opioids",
        I,
    ),
    "es": re.compile(
        r"(?:sin|libre de|libres de) (?:consumir |usar |tomar )?(?:ning[úu]n |los )?opioides?"
        r"[^.]{0,60}\b(?:d[íi]as|semanas|antes)"
        r"|(?:d[íi]as|semanas)\b[^.]{0,30}\bsin (?:consumir |usar |tomar )?opioides"
        r"|\b(?:tiempo|per[íi]odo)\b (?:sin|libre de) (?:consumir |usar |tomar )?"
        r"(?:ning[úu]n |nada de )?opioides?"
        r"|\bsemanas? o m[áa]s sin (?:consumir |usar |tomar )?opioides",
        I,
    ),
}


def check_naltrexone(page: PageText, rule: Rule) -> Hits:
    if page.kind == "term":
        return  # a definition says what a word means; its page carries the warning
    hit = first_match(page, NALTREXONE[page.lang])
    if hit and not page_says(page, OPIOID_FREE[page.lang]):
        seg, pos = hit
        yield (
            line_of(seg, pos),
            "naltrexone is mentioned, but the page does not say it starts only after a "
            "period without opioids (usually 7 to 10 days): starting sooner causes sudden "
            "withdrawal",
        )


# --- detox-overdose-risk

DETOX = {
    "en": re.compile(
        r"\b(?:detox(?:ification|ing|ed)?|withdrawal management|medically (?:supervised|managed) "
        r"withdrawal|(?:taper|tapering|come|coming|get|getting) off (?:of )?"
        r"(?:opioids|methadone|buprenorphine|the medication|medication))\b",
        I,
    ),
    "es": re.compile(
        r"\b(?:desintoxicaci[óo]n|detox|manejo de la abstinencia|dejar (?:la medicaci[óo]n|"
        r"los opioides|la metadona|la buprenorfina))\b",
        I,
    ),
}
DETOX_RISK = {
    "en": re.compile(
        r"overdose[^.]{0,120}\b(?:tolerance|risk|danger|likely|deadly|death)"
        r"|\b(?:tolerance|risk|danger|likely)\b[^.]{0,120}overdose",
        I,
    ),
    "es": re.compile(
        r"sobredosis[^.]{0,120}\b(?:tolerancia|riesgo|peligro|probable|muerte)"
        r"|\b(?:tolerancia|riesgo|peligro|probable)\b[^.]{0,120}sobredosis",
        I,
    ),
}
DETOX_INCLUDE_RE = re.compile(r"^\{\{include detox-overdose-risk\}\}", re.MULTILINE)


def check_detox(page: PageText, rule: Rule) -> Hits:
    if page.kind == "term":
        return  # a definition says what a word means; its page carries the warning
    hit = first_match(page, DETOX[page.lang])
    if hit is None:
        return
    if any(DETOX_INCLUDE_RE.search(seg.text) for seg in page.segments):
        return
    if page_says(page, DETOX_RISK[page.lang]):
        return
    seg, pos = hit
    yield (
        line_of(seg, pos),
        "detox or withdrawal management is described without the overdose-risk warning: "
        "add {{include detox-overdose-risk}} or say that overdose risk is high after detox",
    )
