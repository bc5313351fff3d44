"""The writing rules, checked over the whole real corpus.

Plain language, person-first words, sources, no doses, no stray phone
numbers, dated rules that change often, honest review status, full topic
coverage and no orphans.

The rules read the parsed and rendered files (`tests.corpus.parsed`), not a
database the corpus was loaded into: they are about the text, and reading it
straight from content/ is what keeps them fast.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from statistics import mean

import pytest
import textstat
from django.conf import settings

from pathways.content.format.checks import domain_allowed
from pathways.rendering import plain_text
from tests.corpus.parsed import Item, corpus

pytestmark = [pytest.mark.content]

MAX_GRADE, MEAN_GRADE = 11.0, 9.0
STIGMA = re.compile(r"\b(addicts?|abusers?|junkies?|junkie|clean|dirty)\b", re.IGNORECASE)
EXEMPT_NAMES = re.compile(r"\b(Narcotics|Heroin) Anonymous\b")
PHONE = re.compile(r"(?<![\d-])(?:1[-. ]?)?\(?\d{3}\)?[-. ]\d{3}[-. ](?:\d{4}|[A-Z]{4})\b")
# Official numbers only: the SAMHSA National Helpline and its TTY, and Poison Help.
# (911, 988 and the Helpline's text line 435748 are too short to look like a phone
# number here; the tap-link test below covers them.)
ALLOWED_PHONES = {
    "1-800-662-4357",
    "800-662-4357",
    "1-800-662-HELP",
    "1-800-487-4889",
    "1-800-222-1222",
}
TEL_TARGETS = {
    "tel:911",
    "tel:988",
    "sms:988",
    "tel:+18006624357",
    "tel:+18004874889",
    "tel:+18002221222",
    "sms:435748",
}
# A quoted word is an example of what not to say ("addict"), as NIDA's Words Matter
# shows them; the rule is about words used, not words mentioned.
QUOTED = re.compile(r"\"[^\"\n]{1,40}\"|“[^”\n]{1,40}”")
DOSE = re.compile(
    r"\b\d+(?:\.\d+)?\s?(?:mg|mcg|µg|milligrams?|micrograms?|ml|milliliters?)\b", re.IGNORECASE
)
UK_SPELLINGS = re.compile(
    r"\b(behaviour\w*|colour\w*|centre[sd]?|counselling|counsellor\w*|programmes?|"
    r"organis\w+|recognis\w+|stabilis\w+|minimis\w+|labour|paediatric\w*|anaesthe\w+|"
    r"haemo\w+|oestrogen|travell\w+|licence)\b",
    re.IGNORECASE,
)
FAST_CHANGING = [
    "buprenorphine",
    "telehealth-treatment",
    "methadone",
    "opioid-treatment-programs",
    "naloxone",
]
REQUIRED_TOPICS = {
    # issue: the safety-critical articles
    "overdose response": "overdose-response",
    "naloxone": "naloxone",
    "drug supply": "drug-supply",
    "harm reduction": "harm-reduction",
    "mixing with sedatives": "mixing-opioids-and-sedatives",
    "loss of tolerance": "loss-of-tolerance",
    "methadone": "methadone",
    "buprenorphine": "buprenorphine",
    "naltrexone": "naltrexone",
    "comparing the medications": "comparing-medications",
    "heroin withdrawal": "heroin-withdrawal",
    "hydromorphone withdrawal": "hydromorphone-withdrawal",
    "withdrawal medicines": "withdrawal-medicines",
    "withdrawal management": "withdrawal-management",
    "suicide risk and 988": "suicide-risk-and-988",
    "pregnancy": "pregnancy",
    # issue: every seed topic
    "hydromorphone treatment": "hydromorphone-treatment",
    "heroin treatment": "heroin-treatment",
    "the medications": "medications-for-oud",
    "behavioral therapies": "behavioral-therapies",
    "CBT": "cognitive-behavioral-therapy",
    "contingency management": "contingency-management",
    "motivational interviewing": "motivational-interviewing",
    "DBT and other approaches": "dbt-and-other-approaches",
    "family and group therapy": "family-and-group-therapy",
    "medically supervised detox": "medically-supervised-detox",
    "physical and psychological withdrawal": "physical-and-psychological-withdrawal",
    "inpatient and residential": "inpatient-and-residential",
    "partial hospitalization": "partial-hospitalization",
    "intensive outpatient": "intensive-outpatient",
    "outpatient": "outpatient-treatment",
    "maintenance": "maintenance-treatment",
    "aftercare": "aftercare",
    "support groups": "support-groups",
    "relapse prevention": "relapse-prevention",
    "lifestyle change": "lifestyle-and-recovery",
    "co-occurring mental health": "co-occurring-mental-health",
    "why OUD develops": "why-oud-develops",
    "warning signs": "warning-signs",
    "health complications": "health-complications",
    "individualized plans": "individualized-treatment-plans",
    "family involvement": "family-involvement",
    "finding treatment": "finding-treatment",
    "paying for treatment": "paying-for-treatment",
    "questions to ask": "questions-to-ask-a-provider",
    "stigma and language": "stigma-and-language",
    "chronic pain": "chronic-pain",
    # issue: what readers need that was missing
    "privacy and rights": "privacy-and-rights",
    "teens and young adults": "teens-and-young-adults",
    "jail, prison and reentry": "jail-prison-and-reentry",
    "families after an overdose death": "families-after-an-overdose-death",
    "older adults": "older-adults",
    "stimulants alongside opioids": "stimulants-and-opioids",
    "daily life on medication": "daily-life-on-medication",
    "veterans, tribal and rural help": "veterans-tribal-and-rural-help",
}

# Addresses that their publisher has retired or marked historical. TIP 63's 2018
# edition at NBK535275 is "for historical reference only"; cite the current one.
RETIRED_ADDRESSES = [
    "ncbi.nlm.nih.gov/books/NBK535275",
    "samhsa.gov/medication-assisted-treatment",
    "samhsa.gov/medications-substance-use-disorders",
    "archive.cdc.gov",
    "decisionsinrecovery",
]
# Dated rules the content depends on, and the day each may change: a page that
# describes one is due for review by then, and carries valid_until.
RULE_CHANGES = [
    (
        re.compile(r"telemedicine flexibilit|temporary (telehealth|telemedicine) rules", re.I),
        datetime.date(2026, 12, 31),
    ),
    (re.compile(r"work requirement|community engagement", re.I), datetime.date(2027, 1, 1)),
]


def published_articles() -> list[Item]:
    return corpus().of("article", published=True)


def reader_text(item: Item, synonyms: bool = True) -> str:
    """Everything a reader sees of a page (search synonyms too, unless told not to)."""
    parts = [item.title, item.summary, item.text]
    if synonyms:
        parts += item.also_called
    if item.kind == "stage":
        parts += [item.duration, item.who, *item.questions]
    if item.kind == "substance":
        parts += [plain_text(html) for html in (item.stage_notes_html or {}).values()]
    return "\n".join(parts)


def all_pages() -> list[Item]:
    return [
        *published_articles(),
        *corpus().of("stage", published=True),
        *corpus().of("substance", published=True),
    ]


def grade(article: Item) -> float:
    return float(textstat.flesch_kincaid_grade(article.text))


def test_reading_grade_is_plain() -> None:
    grades = {a.slug: grade(a) for a in published_articles()}
    too_hard = {slug: g for slug, g in grades.items() if g > MAX_GRADE}
    assert too_hard == {}
    assert mean(grades.values()) <= MEAN_GRADE


def test_language_is_person_first() -> None:
    hits = {}
    for item in [*all_pages(), *corpus().of("term")]:
        text = reader_text(item) if item.kind != "term" else item.body
        text = QUOTED.sub("", EXEMPT_NAMES.sub("", text))
        found = STIGMA.findall(text)
        if found:
            hits[item.slug] = found
    assert hits == {}


def test_spelling_is_american() -> None:
    # Synonyms may hold other spellings on purpose: readers search with them.
    hits = {p.slug: UK_SPELLINGS.findall(reader_text(p, synonyms=False)) for p in all_pages()}
    assert {slug: words for slug, words in hits.items() if words} == {}


def content_files() -> list[Path]:
    root = corpus().root
    return sorted(p for p in root.rglob("*") if p.suffix in {".md", ".yml"})


def test_only_official_phone_numbers() -> None:
    found = {}
    for path in content_files():
        numbers = set(PHONE.findall(path.read_text(encoding="utf-8"))) - ALLOWED_PHONES
        if numbers:
            found[path.name] = numbers
    assert found == {}


def test_every_phone_number_is_a_link_a_phone_can_tap() -> None:
    """In every rendered text, each help number sits inside a tel: or sms: link."""
    untapped = {}
    for item in corpus().of("article", "stage", "substance", "term", "crisis", published=True):
        # Tap links are what we want; a link to another page may name 988 in its
        # title ("suicide risk and 988") without being a number to dial.
        html = re.sub(r'<a [^>]*href="(?:tel:|sms:|/)[^"]*"[^>]*>.*?</a>', "", item.body_html)
        text = plain_text(html)
        loose = PHONE.findall(text) + re.findall(
            r"\b(?:911|988)\b(?! (?:then|and) press|\s*Suicide|\s*Lifeline)", text
        )
        if loose:
            untapped[item.slug] = loose
        hrefs = set(re.findall(r'href="((?:tel|sms):[^"]*)"', item.body_html))
        assert hrefs <= TEL_TARGETS, (item.slug, hrefs - TEL_TARGETS)
    assert untapped == {}


def test_no_cited_address_is_retired() -> None:
    stale = [
        (s.cited_by, s.url) for s in corpus().sources if any(r in s.url for r in RETIRED_ADDRESSES)
    ]
    assert stale == []


def test_review_falls_before_any_rule_change_the_page_depends_on() -> None:
    for page in all_pages():
        text = reader_text(page, synonyms=False)
        for pattern, changes_on in RULE_CHANGES:
            if pattern.search(text):
                assert page.review_due is not None and page.review_due <= changes_on, page.slug
                assert page.valid_until is not None and page.valid_until <= changes_on, page.slug


def test_the_overdose_steps_are_written_once() -> None:
    """Only the shared block lists the steps; pages include it instead of copying it."""
    step = re.compile(r"^\s*\d+\.\s.*(naloxone|911|CPR|rescue breath)", re.I | re.M)
    root = corpus().root
    copies = [
        str(p.relative_to(root))
        for p in content_files()
        if p.name != "overdose-steps.md" and len(step.findall(p.read_text(encoding="utf-8"))) >= 2
    ]
    assert copies == []
    includers = {
        i.slug
        for i in corpus().of("article", "substance", "crisis", published=True)
        if 'data-include="overdose-steps"' in i.body_html
    }
    assert {"crisis", "overdose-response", "fentanyl"} <= includers


def test_bare_links_print_short_link_text() -> None:
    """A bare [[slug]] prints its target's link text mid-sentence, so that text is short."""
    for item in corpus().of("article", "stage", "substance", "term"):
        text = item.link_text or item.title
        if item.kind != "term":
            assert item.link_text, item.slug
        assert len(text.split()) <= 6 and not re.search(r"[:—(]", text), (item.slug, text)


def test_no_doses() -> None:
    found = {p.slug: DOSE.findall(reader_text(p)) for p in all_pages()}
    assert {slug: doses for slug, doses in found.items() if doses} == {}


def test_every_article_cites_two_allow_listed_sources() -> None:
    domains = corpus().domains
    for article in published_articles():
        sources = article.sources
        assert len(sources) >= 2, article.slug
        assert all(domain_allowed(s.url, domains) for s in sources), article.slug


def test_every_link_resolves() -> None:
    for kind in ("article", "stage", "substance", "term", "crisis"):
        broken = {i.slug: list(i.broken_links) for i in corpus().of(kind) if i.broken_links}
        assert broken == {}, kind


def test_no_item_claims_a_clinical_review() -> None:
    """Nothing has been reviewed by a clinician yet, so nothing may say so."""
    for kind in ("article", "stage", "substance"):
        assert [i.slug for i in corpus().of(kind) if i.reviewed_by] == [], kind
        assert [i.slug for i in corpus().of(kind) if i.reviewed_on is not None] == [], kind


def test_fast_changing_rules_are_dated_and_due_within_six_months() -> None:
    for slug in FAST_CHANGING:
        article = corpus().get("article", slug)
        text = article.text
        assert re.search(r"\b[Aa]s of [A-Z][a-z]+ \d{4}\b", text), slug
        assert article.review_due is not None
        assert article.updated is not None
        assert article.review_due <= article.updated + datetime.timedelta(days=184), slug


def test_review_is_due_within_a_year_everywhere() -> None:
    for item in all_pages():
        assert item.review_due is not None, item.slug
        assert item.updated is not None
        assert item.review_due <= item.updated + datetime.timedelta(days=366), item.slug


@pytest.mark.parametrize(("topic", "slug"), REQUIRED_TOPICS.items())
def test_each_required_topic_has_its_published_article(topic: str, slug: str) -> None:
    assert slug in {a.slug for a in published_articles()}, topic


def test_the_pathway_has_eight_complete_stages() -> None:
    stages = corpus().of("stage", published=True)
    assert [s.number for s in stages] == list(range(1, 9))
    for stage in stages:
        assert stage.duration and stage.who and len(stage.questions) >= 3, stage.slug


def test_the_pathway_says_the_stages_overlap() -> None:
    text = " ".join(s.text for s in corpus().of("stage")).lower()
    assert "overlap" in text
    stabilization = corpus().get("stage", "stabilization").text.lower()
    assert "overdose" in stabilization and "years" in stabilization


def test_corpus_counts() -> None:
    articles = published_articles()
    assert len(articles) >= 40
    assert len(corpus().of("term", published=True)) >= 50
    assert len([a for a in articles if a.stage is None]) >= 4
    assert len([a for a in articles if a.featured]) >= 3
    slugs = {s.slug for s in corpus().of("substance", published=True)}
    assert {"heroin", "hydromorphone", "fentanyl", "oxycodone", "prescription-opioids"} <= slugs


def test_stage_notes_say_only_what_differs() -> None:
    """A drug's note on a stage names what is different for that drug, so no sentence
    is repeated across drugs (it would belong in the stage's own text)."""
    stages = {s.slug for s in corpus().of("stage")}
    seen: dict[tuple[str, str], str] = {}
    repeated = []
    for substance in corpus().of("substance", published=True):
        notes = substance.stage_notes or {}
        assert set(notes) <= stages, substance.slug
        assert len(notes) >= 3, substance.slug
        for stage, html in (substance.stage_notes_html or {}).items():
            for sentence in re.split(r"(?<=[.!?])\s+", plain_text(html)):
                if len(sentence.split()) < 6:
                    continue
                key = (stage, sentence.lower())
                if key in seen and seen[key] != substance.slug:
                    repeated.append((stage, sentence))
                seen[key] = substance.slug
    assert repeated == []


def test_search_names_are_in_also_called() -> None:
    names = {
        "buprenorphine": "Suboxone",
        "naloxone": "Narcan",
        "naltrexone": "Vivitrol",
        "heroin-withdrawal": "dope sick",
    }
    for slug, name in names.items():
        also = [a.lower() for a in corpus().get("article", slug).also_called]
        assert name.lower() in also, slug
    assert "Dilaudid" in corpus().get("substance", "hydromorphone").also_called


def test_every_article_links_to_two_others() -> None:
    articles = {a.slug for a in corpus().of("article")}
    for article in published_articles():
        # What the page's text links to (or includes), itself left out: the site's link rows.
        targets = set(article.links) - {article.slug}
        article_targets = targets & articles
        assert len(article_targets) >= 2, article.slug


def test_no_article_is_an_orphan() -> None:
    """Each article is linked from another published article (a stage listing doesn't count)."""
    linked = {target for a in published_articles() for target in a.links}
    orphans = [a.slug for a in published_articles() if a.slug not in linked]
    assert orphans == []


def test_crisis_box_has_every_number_and_the_overdose_steps() -> None:
    # Rendered as the site shows it, with the overdose-steps block included.
    box = corpus().get("crisis", "crisis")
    text = box.text
    for needed in ("911", "988", "1-800-662-4357", "FindTreatment.gov", "naloxone", "Spanish"):
        assert needed.lower() in text.lower(), needed
    assert box.body_html.count("<li>") >= 5
    assert len(box.sources) >= 2


SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not beside the project")
def test_no_sentence_is_taken_from_the_seeds() -> None:
    """No run of eight words from a seed article appears in the content."""

    def shingles(text: str, n: int = 8) -> set[tuple[str, ...]]:
        words = re.findall(r"[a-z0-9']+", text.lower())
        return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}

    seed = set().union(*(shingles(p.read_text(encoding="utf-8")) for p in SEEDS.iterdir()))
    copied = {}
    for item in all_pages():
        overlap = shingles(reader_text(item)) & seed
        if overlap:
            copied[item.slug] = [" ".join(s) for s in sorted(overlap)][:3]
    assert copied == {}
