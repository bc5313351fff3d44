"""Crisis help: only the official numbers, one copy of the overdose steps, CPR for everyone.

These are the texts a reader acts on in an emergency, so each rule is an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pathways.lint.checks.base import Hits, I
from pathways.lint.page import PageText, line_of
from pathways.lint.rules import Rule
from pathways.lint.text import mask, sentences

# The one file the overdose steps are written in.
OVERDOSE_STEPS_FILE = "blocks/overdose-steps.md"

# --- phone-number

PHONE_RE = re.compile(
    r"(?<![\w-])(?:\+?1[-. ]?)?\(?\d{3}\)?[-. ]\d{3}[-. ](?:\d{4}|[A-Z]{4})\b"
    r"|(?<![\w-])\+?1?\d{10}\b"
)
AFTER_VERB_RE = re.compile(
    r"\b(?:call|calls|calling|text|texts|texting|dial|dialing|phone|llam[ae]|llamar|"
    r"marque|marca|env[íi]e|manda)\s+(?:(?:us|at|to|al|a)\s+)?(\d[\d().\- ]{1,16}\d|\d)\b",
    I,
)
TEXT_TO_RE = re.compile(
    r"\b(?:text|texts|texting|env[íi]e|env[íi]a|mande|manda)\b[^.\n]{0,30}?\b(?:to|al)\s+(\d{3,})\b",
    I,
)
LINK_TARGET_RE = re.compile(r"\]\((?:tel|sms):([^)\s]+)\)", I)


def phone_digits(text: str) -> str:
    digits = re.sub(r"[^0-9A-Z]", "", text.upper())
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits


def check_phone(page: PageText, rule: Rule) -> Hits:
    allowed = {str(n) for n in rule.data.get("allowed", [])}
    for seg in page.segments:
        text = mask(seg.text, seg.markdown)
        seen: set[int] = set()
        for match in PHONE_RE.finditer(text):
            seen.add(match.start())
            if phone_digits(match.group(0)) not in allowed:
                yield line_of(seg, match.start()), phone_message(match.group(0))
        for match in AFTER_VERB_RE.finditer(text):
            number = match.group(1).strip()
            if any(s <= match.start(1) < s + 16 for s in seen):
                continue
            if phone_digits(number) not in allowed:
                yield line_of(seg, match.start(1)), phone_message(number)
        for match in TEXT_TO_RE.finditer(text):
            if phone_digits(match.group(1)) not in allowed:
                yield line_of(seg, match.start(1)), phone_message(match.group(1))
        if seg.markdown:
            for match in LINK_TARGET_RE.finditer(seg.text):
                if phone_digits(match.group(1)) not in allowed:
                    yield line_of(seg, match.start(1)), phone_message(match.group(1), link=True)


def phone_message(number: str, link: bool = False) -> str:
    where = "a link to " if link else ""
    return (
        f"{where}{number} is not an official help number: use 911, 988, "
        "1-800-662-4357 (TTY 1-800-487-4889), 1-800-222-1222 or the text line 435748"
    )


# --- overdose-steps-copy

LIST_ITEM_RE = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+", re.MULTILINE)
STEP_PARTS = {
    "en": (
        re.compile(r"\b911\b"),
        re.compile(r"\b(?:naloxone|narcan)\b", I),
        re.compile(r"\b(?:breath\w*|recovery position|on (?:their|his|her) side|CPR)\b", I),
    ),
    "es": (
        re.compile(r"\b911\b"),
        re.compile(r"\b(?:naloxona|narcan)\b", I),
        re.compile(r"\b(?:respir\w*|posici[óo]n de recuperaci[óo]n|de lado|RCP)\b", I),
    ),
}


def list_runs(text: str) -> Iterator[tuple[int, int, int]]:
    """(start, end, number of items) of each run of list items in a text."""
    lines = text.split("\n")
    offset, start, count, end = 0, -1, 0, 0
    for line in [*lines, ""]:
        is_item = bool(LIST_ITEM_RE.match(line))
        continued = count and line.startswith((" ", "\t")) and line.strip()
        if is_item:
            if count == 0:
                start = offset
            count += 1
            end = offset + len(line)
        elif continued:
            end = offset + len(line)
        elif count:
            yield start, end, count
            count = 0
        offset += len(line) + 1


def check_overdose_steps(page: PageText, rule: Rule) -> Hits:
    if page.rel == OVERDOSE_STEPS_FILE:
        return
    parts = STEP_PARTS[page.lang]
    for seg in page.segments:
        if not seg.markdown:
            continue
        text = mask(seg.text)
        for start, end, count in list_runs(text):
            run = text[start:end]
            if count >= 3 and all(p.search(run) for p in parts):
                yield (
                    line_of(seg, start),
                    "the overdose steps are written out here: use {{include overdose-steps}} "
                    "(content/blocks/overdose-steps.md is the one copy)",
                )


# --- cpr-if-trained

CPR = {
    "en": re.compile(r"\b(?:CPR|chest compressions?|compressions)\b", I),
    "es": re.compile(r"\b(?:RCP|reanimaci[óo]n|compresiones)\b", I),
}
IF_TRAINED = {
    "en": re.compile(
        r"\b(?:if|when|only if|unless|as long as) (?:you are |you're |you have been |you've been |"
        r"you |someone is |they are )?(?:trained|certified|know how|know CPR|have training)"
        r"|\b(?:only|just) (?:trained|certified) (?:people|persons|responders|rescuers)"
        r"|\btrained (?:people|persons|responders|rescuers) only\b"
        r"|\b(?:should|must) (?:only )?be (?:done|given) by (?:a )?(?:trained|professional)",
        I,
    ),
    "es": re.compile(
        r"\b(?:si|solo si|cuando) (?:usted )?(?:est[áa] |tiene )?"
        r"(?:capacitad[oa]|entrenad[oa]|formaci[óo]n|sabe c[óo]mo|sabe hacer)",
        I,
    ),
}
NOT_HELD_BACK = {
    "en": re.compile(
        r"\b(?:even if|whether or not|if) (?:you are |you're )?(?:not|un)trained|hands[- ]only"
        r"|not trained|untrained",
        I,
    ),
    "es": re.compile(r"\baunque no\b|\bsolo con las manos\b|\bsin (?:capacitaci|entrenamiento)", I),
}


def check_cpr(page: PageText, rule: Rule) -> Hits:
    lang = page.lang
    for seg in page.segments:
        text = mask(seg.text, seg.markdown)
        for start, end in sentences(text):
            sentence = text[start:end]
            match = IF_TRAINED[lang].search(sentence)
            if match and CPR[lang].search(sentence) and not NOT_HELD_BACK[lang].search(sentence):
                yield (
                    line_of(seg, start + match.start()),
                    "CPR is made to depend on training: everyone can push hard and fast on the "
                    "chest (hands-only CPR); keep 'if trained' for rescue breaths",
                )
