"""One function per rule in rules.yml. Each yields (file line, message).

The patterns are deliberately plain regular expressions over the masked text
(see engine.mask): they are meant to be read and argued with by editors and
clinicians, not to understand every sentence. Where a rule is a guess (a
statistic), it is a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from pathways.lint.engine import (
    OVERDOSE_STEPS_FILE,
    Check,
    PageText,
    Rule,
    Segment,
    enclosing,
    line_of,
    mask,
    paragraphs,
    sentences,
    unquote,
)

Hits = Iterator[tuple[int, str]]
I = re.IGNORECASE  # noqa: E741

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


# --- page-level rules: a mention needs a statement somewhere on the page


def first_match(page: PageText, pattern: re.Pattern[str]) -> tuple[Segment, int] | None:
    for seg in page.segments:
        match = pattern.search(mask(seg.text, seg.markdown))
        if match:
            return seg, match.start()
    return None


def page_says(page: PageText, pattern: re.Pattern[str]) -> bool:
    return any(pattern.search(mask(seg.text, seg.markdown)) for seg in page.segments)


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
CITATION_RE = re.compile(r"\[\^[a-z0-9]+(?:-[a-z0-9]+)*\]")


def check_statistic(page: PageText, rule: Rule) -> Hits:
    for seg in page.segments:
        if seg.field in ("title",):
            continue
        text = mask(seg.text, seg.markdown)
        for start, end in paragraphs(text):
            match = STATISTIC[page.lang].search(text, start, end)
            if match and not CITATION_RE.search(seg.text[start:end]):
                yield (
                    line_of(seg, match.start()),
                    f"a statistic ('{match.group(0)}') with no [^id] citation in its paragraph",
                )


CHECKS: dict[str, Check] = {
    "dose": check_dose,
    "phone-number": check_phone,
    "stigma": check_stigma,
    "stigma-es": check_stigma_es,
    "naltrexone-opioid-free": check_naltrexone,
    "detox-overdose-risk": check_detox,
    "overdose-steps-copy": check_overdose_steps,
    "cpr-if-trained": check_cpr,
    "treatment-wording": check_treatment_wording,
    "statistic-citation": check_statistic,
}
