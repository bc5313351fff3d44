"""Site search: one `search(query)` function over published pages and glossary terms.

Readers search with brand names, street names and misspellings, often in
distress. So a query is cleaned and trimmed, expanded with glossary synonyms
("tranq" also searches "xylazine"), run against full-text search (SQLite FTS5
or PostgreSQL's weighted vectors), retried word-by-word and then with a
spelling correction when nothing matches, and crisis words pin the overdose
and crisis pages first. Excerpts are built from plain text, escaped, and only
then marked.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from pathways import search_postgres, search_sqlite
from pathways.models import UNLINKABLE, GlossaryTerm, Item, Page, SearchEntry, Status, Substance
from pathways.rendering import plain_text

MAX_QUERY_LENGTH = 200  # characters kept from a query; the rest is dropped
MAX_TERMS = 12
MAX_RESULTS = 200
PAGE_SIZE = 10
EXCERPT_CHARS = 220
RANKING_TTL = 600  # seconds a query's ranking is kept (a changed index drops it at once)

# Queries that mean someone may be in danger now. Matched as whole words or
# phrases; the pages for that kind of danger are pinned to the top, in order.
SUICIDE_WORDS = re.compile(
    r"\b(suicid\w*|kill (my|him|her)self|end (my|it) (life|all)|want to die|self[- ]harm|"
    r"hurt myself)\b",
    re.IGNORECASE,
)
OVERDOSE_WORDS = re.compile(
    r"\b(overdos\w*|od|o\.d\.|od'?ing|not breathing|stopped breathing|can'?t breathe|"
    r"won'?t wake( up)?|unresponsive|blue lips|narcan|naloxone)\b",
    re.IGNORECASE,
)
GENERAL_CRISIS_WORDS = re.compile(r"\b(emergency|crisis|help now|urgent)\b", re.IGNORECASE)
# The articles each kind of danger pins first, in order. They are data the
# code names once, here: a rename in the admin keeps its pin because pins are
# resolved through the redirect every rename leaves (`resolve_pins`), and
# `missing_pins()` names any pin that no published article answers to, for the
# loader and the admin to report.
CRISIS_PINS: dict[str, tuple[str, ...]] = {
    "suicide": ("suicide-risk-and-988", "overdose-response"),
    "overdose": ("overdose-response", "naloxone"),
    "general": ("overdose-response", "suicide-risk-and-988"),
}
LIST_FIELDS = ["kind", "slug", "title", "synonyms", "summary", "url"]
SYNONYM_SEPARATOR = "; "  # between an entry's other names, so each stays a phrase


@dataclass
class Result:
    kind: str
    slug: str
    title: str
    url: str
    excerpt: SafeString
    pinned: bool = False


@dataclass
class SearchResults:
    query: str  # the cleaned query as searched
    results: list[Result] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 1
    crisis: bool = False
    corrected: str = ""  # the spelling we searched instead, when we corrected one
    trimmed: bool = False

    @property
    def start(self) -> int:
        """The number of the first result on this page."""
        return (self.page - 1) * PAGE_SIZE + 1


def clean_query(raw: str) -> tuple[str, bool]:
    """Printable text only, whitespace collapsed, at most MAX_QUERY_LENGTH characters."""
    text = unicodedata.normalize("NFKC", raw)
    text = "".join(ch if unicodedata.category(ch)[0] not in "C" else " " for ch in text)
    text = re.sub(r"\s+", " ", text).strip()
    trimmed = len(text) > MAX_QUERY_LENGTH
    return text[:MAX_QUERY_LENGTH].strip(), trimmed


def query_terms(text: str) -> list[str]:
    """Lowercase words (letters and digits only); every search syntax character is gone."""
    return re.findall(r"[^\W_]+", text.lower())[:MAX_TERMS]


def synonym_expansions(text: str) -> list[str]:
    """Glossary terms whose other names appear in the query ("tranq" -> "xylazine")."""
    lowered = f" {' '.join(query_terms(text))} "
    expansions = []
    for title, names in glossary_names():
        for name in names:
            words = " ".join(query_terms(name))
            if words and f" {words} " in lowered and title.lower() not in lowered:
                expansions.append(title)
                break
    return expansions


def glossary_names() -> list[tuple[str, list[str]]]:
    key = f"search:glossary:{search_version()}"
    names: list[tuple[str, list[str]]] | None = cache.get(key)
    if names is None:
        names = [
            (t.title, list(t.also_called))
            for t in GlossaryTerm.objects.published().only("title", "also_called")
        ]
        cache.set(key, names, 3600)
    return names


def vocabulary() -> list[str]:
    """Words that appear in titles and synonyms, for spelling suggestions."""
    key = f"search:vocabulary:{search_version()}"
    words: list[str] | None = cache.get(key)
    if words is None:
        found: set[str] = set()
        for title, synonyms in SearchEntry.objects.values_list("title", "synonyms"):
            found.update(w for w in query_terms(f"{title} {synonyms}") if len(w) > 3)
        words = sorted(found)
        cache.set(key, words, 3600)
    return words


def search_version() -> int:
    """Bumped whenever the index changes, so cached vocabularies go stale at once."""
    return int(cache.get_or_set("search:version", 1) or 1)


def bump_search_version() -> None:
    try:
        cache.incr("search:version")
    except ValueError:
        cache.set("search:version", 2)


def ranked_ids(terms: list[str], extra: list[str], match_all: bool) -> list[int]:
    """The ranking, kept until the index changes: a spike repeats the same few queries.

    Only the order of matching ids is kept (under a hash of the terms, with no
    address), so the text shown is always read fresh.
    """
    spec = json.dumps([connection.vendor, terms, extra, match_all]).encode()
    key = f"search:ids:{search_version()}:{hashlib.sha256(spec).hexdigest()[:32]}"
    ids: list[int] | None = cache.get(key)
    if ids is None:
        ids = rank(terms, extra, match_all)
        cache.set(key, ids, RANKING_TTL)
    return ids


def rank(terms: list[str], extra: list[str], match_all: bool) -> list[int]:
    if connection.vendor == "postgresql":
        return search_postgres.ranked_ids(terms, extra, match_all, MAX_RESULTS)
    return search_sqlite.ranked_ids(terms, extra, match_all, MAX_RESULTS)


def search(raw_query: str, page: int = 1) -> SearchResults:
    query, trimmed = clean_query(raw_query)
    out = SearchResults(query=query, trimmed=trimmed)
    terms = query_terms(query)
    if not terms:
        return out
    pinned = crisis_pages(query)
    out.crisis = bool(pinned)
    extra = synonym_expansions(query)
    ids = ranked_ids(terms, extra, match_all=True) or ranked_ids(terms, extra, match_all=False)
    if not ids:
        corrected = correct_spelling(terms)
        if corrected and corrected != terms:
            ids = ranked_ids(corrected, synonym_expansions(" ".join(corrected)), match_all=False)
            if ids:
                out.corrected = " ".join(corrected)
    # Only what ordering needs for every match; text for excerpts comes later,
    # for the one page of results shown.
    light = SearchEntry.objects.only(*LIST_FIELDS)
    entries = {e.pk: e for e in light.filter(pk__in=ids)}
    ordered = best_bets(query, [entries[i] for i in ids if i in entries])
    if pinned:
        top = list(light.filter(kind="article", slug__in=pinned))
        top.sort(key=lambda e: pinned.index(e.slug))
        ordered = top + [e for e in ordered if e.slug not in pinned]
    out.total = len(ordered)
    out.pages = max(1, -(-out.total // PAGE_SIZE))
    out.page = min(max(1, page), out.pages)
    start = (out.page - 1) * PAGE_SIZE
    marks = terms + [w for phrase in extra for w in query_terms(phrase)]
    if out.corrected:
        marks += out.corrected.split()
    pinned_slugs = set(pinned)
    shown = ordered[start : start + PAGE_SIZE]
    texts = dict(SearchEntry.objects.filter(pk__in=[e.pk for e in shown]).values_list("pk", "body"))
    for entry in shown:
        entry.body = texts.get(entry.pk, "")
    out.results = [
        Result(
            kind=e.kind,
            slug=e.slug,
            title=e.title,
            url=e.url,
            excerpt=excerpt(e, marks),
            pinned=e.slug in pinned_slugs and e.kind == "article",
        )
        for e in shown
    ]
    return out


def crisis_pages(query: str) -> list[str]:
    """The pages to put first when a query means someone may be in danger now."""
    if SUICIDE_WORDS.search(query):
        return resolve_pins(CRISIS_PINS["suicide"])
    if OVERDOSE_WORDS.search(query):
        return resolve_pins(CRISIS_PINS["overdose"])
    if GENERAL_CRISIS_WORDS.search(query):
        return resolve_pins(CRISIS_PINS["general"])
    return []


def resolve_pins(slugs: tuple[str, ...]) -> list[str]:
    """The pinned articles' current slugs: a renamed one is found by its redirect."""
    key = f"search:pins:{search_version()}"
    renamed: dict[str, str] | None = cache.get(key)
    if renamed is None:
        from pathways.models import Redirect

        wanted = {slug for pins in CRISIS_PINS.values() for slug in pins}
        renamed = dict(
            Redirect.objects.filter(kind="article", old_slug__in=wanted).values_list(
                "old_slug", "new_slug"
            )
        )
        cache.set(key, renamed, 3600)
    return list(dict.fromkeys(renamed.get(slug, slug) for slug in slugs))


def missing_pins() -> list[str]:
    """Pinned slugs that no published article answers to, even through a redirect."""
    from pathways.models import Article

    wanted = list(dict.fromkeys(slug for pins in CRISIS_PINS.values() for slug in pins))
    current = dict(zip(wanted, resolve_pins(tuple(wanted)), strict=True))
    published = set(
        Article.objects.published()
        .filter(slug__in=set(current.values()))
        .values_list("slug", flat=True)
    )
    return [slug for slug in wanted if current[slug] not in published]


def best_bets(query: str, entries: list[SearchEntry]) -> list[SearchEntry]:
    """Pages whose title or one of whose other names is exactly the query come first.

    Someone who types "Suboxone" wants the buprenorphine page, not the page
    that mentions Suboxone most often.
    """
    wanted = " ".join(query_terms(query))

    def exact(entry: SearchEntry) -> bool:
        names = [entry.title, *entry.synonyms.split(SYNONYM_SEPARATOR)]
        return any(" ".join(query_terms(name)) == wanted for name in names)

    def order(entry: SearchEntry) -> int:
        if not exact(entry):
            return 2
        return 1 if entry.kind == "term" else 0  # a full page beats a glossary line

    return sorted(entries, key=order)  # stable: keeps the ranking otherwise


def correct_spelling(terms: list[str]) -> list[str]:
    words = vocabulary()
    corrected = []
    for term in terms:
        if len(term) <= 3 or term in words:
            corrected.append(term)
            continue
        close = difflib.get_close_matches(term, words, n=1, cutoff=0.75)
        corrected.append(close[0] if close else term)
    return corrected


def excerpt(entry: SearchEntry, terms: list[str]) -> SafeString:
    """A window of plain text around the first match, escaped, then marked."""
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
    escaped = str(escape(window))
    if pattern:
        # Marks go around already-escaped text; a stem can't match inside an
        # entity because stems are letters and digits and entities start with &.
        escaped = pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped)
    return mark_safe(escaped)  # noqa: S308


def stem(term: str) -> str:
    """A crude stem for highlighting only: 'withdrawals' marks 'withdrawal'."""
    for suffix in ("ings", "ing", "ies", "es", "s", "ed"):
        if term.endswith(suffix) and len(term) - len(suffix) >= 4:
            return term[: -len(suffix)]
    return term


def entry_fields(item: Item) -> dict[str, object]:
    body = plain_text(item.body_html)
    if isinstance(item, Substance):
        body += " " + " ".join(plain_text(h) for h in item.stage_notes_html.values())
    return {
        "title": item.title,
        "synonyms": SYNONYM_SEPARATOR.join(getattr(item, "also_called", []) or []),
        "summary": item.summary if isinstance(item, Page) else "",
        "body": body,
        "url": item.get_absolute_url(),  # type: ignore[attr-defined]
        "featured": getattr(item, "featured", False),
    }


def index_item(item: Item, bump: bool = True) -> None:
    """Keep an item's search entry current: present while published, gone otherwise."""
    if item.kind in UNLINKABLE:
        return
    if item.status != Status.PUBLISHED:
        SearchEntry.objects.filter(kind=item.kind, slug=item.slug).delete()
    else:
        entry, _ = SearchEntry.objects.update_or_create(
            kind=item.kind, slug=item.slug, defaults=entry_fields(item)
        )
        if connection.vendor == "postgresql":
            search_postgres.update_document(entry.pk)
    if bump:
        bump_search_version()


def forget_item(kind: str, slug: str) -> None:
    SearchEntry.objects.filter(kind=kind, slug=slug).delete()
    bump_search_version()


def rebuild_index() -> int:
    """Drop every entry and index each published item again (in one transaction)."""
    from django.db import transaction

    from pathways.models import ITEM_MODELS

    count = 0
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for kind, model in ITEM_MODELS.items():
            if kind in UNLINKABLE:
                continue
            for item in model.objects.published():
                index_item(item, bump=False)
                count += 1
        if connection.vendor == "sqlite":
            search_sqlite.ensure_index(connection)
    bump_search_version()
    return count
