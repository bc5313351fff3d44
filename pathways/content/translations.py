"""Translated content: content/<language>/, parsed, checked and loaded beside the English.

The layout copies the English one (stages/NN-<slug>.md, articles/, substances/,
blocks/<english-block-slug>.md, crisis.md, glossary.yml); each item names the
English item it translates (`translation_of`, an English slug) and the reader
hash of the English text it was translated from (`source_hash`). Links in the
bodies name English slugs. Errors carry path:line like the English ones and
stop the whole load; the three-way sync and the single transaction are the
English loader's (`load_content` calls `apply_translations` inside it).

The overdose steps are never out of date: a Spanish steps block whose
source_hash is not the English block's current hash is an error. Any other
out-of-date translation loads, and is reported as "translation out of date".
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pathways.content.canonical import dump_yaml, source_entry, source_record
from pathways.content.checks import domain_allowed, link_targets
from pathways.content.parsing import (
    STAGE_FILE_RE,
    ContentError,
    ParsedItem,
    ParsedTree,
    check_slug,
    display_path,
    normalize_body,
    parse_markdown_file,
    read_text,
)
from pathways.content.schema import (
    Lines,
    Reader,
    read_date,
    read_fields,
    read_slug,
    read_sources,
    read_stage_notes,
    read_status,
    read_str,
    read_str_list,
)
from pathways.content.texthash import reader_text_hash
from pathways.content.yamlnodes import YamlError, check_tags, compose, node_line
from pathways.models import ITEM_MODELS, Source, Stage, Status, Translation
from pathways.rendering import CITE_PATTERN, INCLUDE_PATTERN
from pathways.translations import ALWAYS_CURRENT_BLOCK, LANGUAGES, STALE_NOTICE

HASH_RE = re.compile(r"^[0-9a-f]{64}$")
# Words that label a person by drug use. Quoted examples (the stigma page) are allowed.
STIGMA_ERRORS = re.compile(r"\b(adict[oa]s?|drogadict[oa]s?|yonqui\w*|tecat[oa]s?)\b", re.I)
STIGMA_WARNINGS = re.compile(r"\b(limpi[oa]s?|suci[oa]s?|abuso de sustancias)\b", re.I)
QUOTED = re.compile(r"[\"“«][^\"”»\n]*[\"”»]")


def read_hash(node: yaml.Node, name: str, lines: Lines) -> str:
    value = read_str(node, name, lines)
    if not HASH_RE.match(value):
        raise YamlError(node_line(node), f"'{name}' must be the 64-character English text hash")
    return value


Spec = dict[str, tuple[Reader, bool]]
HEAD: Spec = {
    "title": (read_str, True),
    "link_text": (read_str, False),
    "summary": (read_str, False),
    "translation_of": (read_slug, True),
    "source_hash": (read_hash, True),
    "translated": (read_date, True),
}
TAIL: Spec = {
    "updated": (read_date, True),
    "review_due": (read_date, False),
    "valid_until": (read_date, False),
    "sources": (read_sources, False),
    "status": (read_status, True),
}
SPECS: dict[str, Spec] = {
    "article": {**HEAD, "also_called": (read_str_list, False), **TAIL},
    "stage": {
        **HEAD,
        "duration": (read_str, True),
        "who": (read_str, True),
        "questions": (read_str_list, False),
        "also_called": (read_str_list, False),
        **TAIL,
    },
    "substance": {
        **HEAD,
        "also_called": (read_str_list, False),
        "stage_notes": (read_stage_notes, False),
        **TAIL,
    },
    "block": {**HEAD, **TAIL},
    "crisis": {**HEAD, **TAIL},
    "term": {
        "slug": (read_slug, True),
        "term": (read_str, True),
        "link_text": (read_str, False),
        "translation_of": (read_slug, True),
        "source_hash": (read_hash, True),
        "translated": (read_date, False),
        "also_called": (read_str_list, False),
        "definition": (read_str, True),
        "status": (read_status, False),
    },
}
REQUIRED_SUMMARY = {"article", "stage", "substance"}
EMPTY: dict[str, Any] = {
    "link_text": "",
    "summary": "",
    "also_called": [],
    "questions": [],
    "stage_notes": {},
    "sources": [],
    "review_due": None,
    "valid_until": None,
    "translated": None,
    "duration": "",
    "who": "",
}


# -- Canonical form and hashes ------------------------------------------------------


def front_matter(kind: str, record: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, (_, required) in SPECS[kind].items():
        value: Any = record.get(key)
        if not required and key in EMPTY and value == EMPTY[key]:
            continue
        if key == "stage_notes":
            value = dict(sorted(value.items()))
        elif key == "sources":
            value = [source_entry(s) for s in value]
        out[key] = value
    return out


def term_entry(record: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {"slug": record["slug"], "term": record["title"]}
    if record.get("link_text"):
        entry["link_text"] = record["link_text"]
    entry["translation_of"] = record["translation_of"]
    entry["source_hash"] = record["source_hash"]
    if record.get("translated"):
        entry["translated"] = record["translated"]
    if record.get("also_called"):
        entry["also_called"] = record["also_called"]
    entry["definition"] = record["body"].strip()
    if record.get("status", "published") != "published":
        entry["status"] = record["status"]
    return entry


def serialize(kind: str, record: dict[str, Any]) -> str:
    if kind == "term":
        return dump_yaml([term_entry(record)])
    return f"---\n{dump_yaml(front_matter(kind, record))}---\n\n{record['body']}"


def serialize_glossary(records: list[dict[str, Any]]) -> str:
    ordered = sorted(records, key=lambda r: (r["title"].lower(), r["slug"]))
    return dump_yaml([term_entry(r) for r in ordered]) if ordered else "[]\n"


def content_hash(kind: str, record: dict[str, Any]) -> str:
    return hashlib.sha256(serialize(kind, record).encode("utf-8")).hexdigest()


def record_from_translation(tr: Translation) -> dict[str, Any]:
    """The record of a translation row (prefetch its sources first)."""
    record: dict[str, Any] = {
        "title": tr.title,
        "link_text": tr.link_text,
        "summary": tr.summary,
        "translation_of": tr.english_slug,
        "source_hash": tr.source_hash,
        "translated": tr.translated,
        "body": normalize_body(tr.body),
        "status": str(tr.status),
        "slug": tr.slug,
        "also_called": list(tr.also_called or []),
    }
    if tr.kind == "term":
        return record
    record.update(
        updated=tr.updated,
        review_due=tr.review_due,
        valid_until=tr.valid_until,
        sources=[
            source_record(s) for s in sorted(tr.sources.all(), key=lambda s: (s.position, s.pk))
        ],
    )
    if tr.kind == "stage":
        record.update(duration=tr.duration, who=tr.who, questions=list(tr.questions or []))
    elif tr.kind == "substance":
        record["stage_notes"] = dict(tr.stage_notes or {})
    return record


def default_path(tr: Translation, number: int | None = None) -> str:
    base = tr.language
    if tr.kind == "stage":
        return f"{base}/stages/{(number or 0):02d}-{tr.slug}.md"
    if tr.kind == "term":
        return f"{base}/glossary.yml"
    if tr.kind == "crisis":
        return f"{base}/crisis.md"
    if tr.kind == "block":
        return f"{base}/blocks/{tr.english_slug}.md"
    return f"{base}/{tr.kind}s/{tr.slug}.md"


# -- Parsing ------------------------------------------------------------------------


@dataclass
class ParsedTranslation:
    language: str
    item: ParsedItem  # kind, slug (the translation's own), path (relative to content/)

    @property
    def english_slug(self) -> str:
        return str(self.item.record["translation_of"])


def parse_file(tree: ParsedTree, rel: str, kind: str, slug: str) -> ParsedItem | None:
    """A translation file: the English reader, with the translation's own schema."""
    item = parse_markdown_file(tree, rel, kind, slug, SPECS[kind], EMPTY)
    if item is not None and kind in REQUIRED_SUMMARY and not item.record.get("summary"):
        tree.error(rel, 1, "missing required field 'summary'")
        return None
    return item


def parse_glossary(tree: ParsedTree, rel: str) -> list[ParsedItem]:
    text = read_text(tree, rel)
    if text is None:
        return []
    try:
        node = compose(text)
        if node is None:
            return []
        check_tags(node)
        if node.tag != "tag:yaml.org,2002:seq":
            raise YamlError(1, "the glossary must be a list of terms")
        items = []
        for entry in node.value:
            record, lines = read_fields(entry, "term", "glossary term", SPECS["term"], EMPTY)
            slug = record.pop("slug")
            record["title"] = record.pop("term")
            record["body"] = normalize_body(record.pop("definition"))
            record["slug"] = slug
            line = entry.start_mark.line + 1
            lines.values["body"] = lines.values.get("definition", line)
            items.append(ParsedItem("term", slug, rel, record, lines, 0, line))
        return items
    except YamlError as exc:
        tree.error(rel, exc.line, exc.message)
        return []


def parse_language(tree: ParsedTree, language: str) -> list[ParsedTranslation]:
    """Every translation file under content/<language>/ (errors go on the tree)."""
    root = tree.root / language
    found: list[ParsedTranslation] = []
    if not root.is_dir():
        return found
    for path in sorted((root / "stages").glob("*.md")):
        rel = f"{language}/stages/{path.name}"
        match = STAGE_FILE_RE.match(path.name)
        if not match:
            tree.error(rel, 1, "stage files are named NN-<slug>.md, e.g. 03-estabilizacion.md")
            continue
        if check_slug(tree, rel, match.group(2)):
            item = parse_file(tree, rel, "stage", match.group(2))
            if item is not None:
                item.number = int(match.group(1))
                found.append(ParsedTranslation(language, item))
    for folder, kind in (("blocks", "block"), ("substances", "substance"), ("articles", "article")):
        for path in sorted((root / folder).glob("*.md")):
            rel = f"{language}/{folder}/{path.name}"
            if check_slug(tree, rel, path.stem):
                item = parse_file(tree, rel, kind, path.stem)
                if item is not None:
                    found.append(ParsedTranslation(language, item))
    if (root / "glossary.yml").is_file():
        found += [
            ParsedTranslation(language, i) for i in parse_glossary(tree, f"{language}/glossary.yml")
        ]
    if (root / "crisis.md").is_file():
        item = parse_file(tree, f"{language}/crisis.md", "crisis", "crisis")
        if item is not None:
            found.append(ParsedTranslation(language, item))
    return found


# -- Checks -------------------------------------------------------------------------


@dataclass
class EnglishIndex:
    """What the checks need to know about the English items, from files and the database."""

    kinds: dict[str, str] = field(default_factory=dict)  # slug -> kind
    numbers: dict[str, int] = field(default_factory=dict)  # stage slug -> number
    hashes: dict[tuple[str, str], str] = field(default_factory=dict)  # reader hashes
    updated: dict[tuple[str, str], datetime.date | None] = field(default_factory=dict)


def english_index(tree: ParsedTree, existing: dict[str, str]) -> EnglishIndex:
    index = EnglishIndex(kinds=dict(existing))
    for item in tree.items:
        index.kinds[item.slug] = item.kind
        if item.number is not None:
            index.numbers[item.slug] = item.number
        index.hashes[(item.kind, item.slug)] = reader_text_hash(item.record)
        index.updated[(item.kind, item.slug)] = item.record.get("updated")
    return index


def translation_line(p: ParsedTranslation, key: str) -> int:
    item = p.item
    line = item.lines.values.get(key) or item.lines.keys.get(key)
    return item.file_line(line) if line else (item.body_line if item.kind == "term" else 1)


def check_translations(
    tree: ParsedTree, parsed: list[ParsedTranslation], english: EnglishIndex
) -> list[ContentError]:
    """Record errors on the tree; return the "translation out of date" notices."""
    stale: list[ContentError] = []
    seen: dict[tuple[str, str], ParsedTranslation] = {}
    of: dict[tuple[str, str, str], ParsedTranslation] = {}
    blocks: dict[tuple[str, str], ParsedTranslation] = {}
    for p in parsed:
        if p.item.kind == "block":
            blocks[(p.language, p.english_slug)] = p
    linkable = [s for s, k in english.kinds.items() if k not in {"crisis", "block"}]
    for p in parsed:
        item, record = p.item, p.item.record
        english_slug = p.english_slug
        key = (p.language, item.slug)
        if key in seen:
            tree.error(
                item.path, 1, f"duplicate slug '{item.slug}': also used by {seen[key].item.path}"
            )
        seen[key] = p
        english_kind = english.kinds.get(english_slug)
        line = translation_line(p, "translation_of")
        if english_kind != item.kind:
            what = f"a {english_kind}" if english_kind else "no English item"
            tree.error(
                item.path,
                line,
                f"translation_of '{english_slug}' names {what}; this file translates a {item.kind}",
            )
            continue
        if item.kind == "block" and item.slug != english_slug:
            tree.error(item.path, 1, f"a translated block's file is named {english_slug}.md")
        other = of.get((p.language, item.kind, english_slug))
        if other is not None:
            tree.error(
                item.path, line, f"'{english_slug}' is already translated by {other.item.path}"
            )
        of[(p.language, item.kind, english_slug)] = p
        # A translated address must not be another English item's own (its notice page).
        clash = english.kinds.get(item.slug)
        if (
            item.slug != english_slug
            and clash == item.kind
            and item.kind
            in {
                "article",
                "stage",
                "substance",
            }
        ):
            tree.error(item.path, 1, f"slug '{item.slug}' is the English slug of another {clash}")
        if item.kind == "stage" and item.number != english.numbers.get(english_slug):
            tree.error(
                item.path,
                1,
                f"stage number {item.number:02d} differs from the English stage's "
                f"({english.numbers.get(english_slug, 0):02d})",
            )
        current = english.hashes.get((item.kind, english_slug))
        hash_line = translation_line(p, "source_hash")
        if current is not None and current != record["source_hash"]:
            if item.kind == "block" and english_slug == ALWAYS_CURRENT_BLOCK:
                tree.error(
                    item.path,
                    hash_line,
                    "the English overdose steps changed (their hash is now "
                    f"{current}) and these are not translated from that text: the overdose "
                    "steps are never out of date, so translate the change and update source_hash",
                )
            else:
                when = english.updated.get((item.kind, english_slug))
                stale.append(
                    ContentError(
                        display_path(tree.root / item.path),
                        hash_line,
                        f"{STALE_NOTICE}: the English {item.kind} '{english_slug}' changed "
                        f"(updated {when or 'undated'}) after this was translated",
                    )
                )
        for source, src_line in zip(
            record.get("sources") or [], item.lines.items.get("sources", []), strict=False
        ):
            if not domain_allowed(source["url"], tree.domains):
                tree.error(
                    item.path,
                    item.file_line(src_line),
                    f"source {source['url']} is not on an allowed domain (content/sources.yml)",
                )
        check_texts(tree, p, english, linkable, blocks)
    english_steps = (("block", ALWAYS_CURRENT_BLOCK)) in english.hashes
    for language in {p.language for p in parsed}:
        if english_steps and (language, ALWAYS_CURRENT_BLOCK) not in blocks:
            tree.error(
                f"{language}/blocks/{ALWAYS_CURRENT_BLOCK}.md",
                0,
                "missing: every language the site has must have the overdose steps",
            )
    return stale


def texts_of(item: ParsedItem) -> list[tuple[str, int]]:
    if item.kind == "term":
        return [(item.record["body"], item.lines.values.get("definition", item.body_line))]
    texts = [(item.record["body"], item.body_line)]
    for key, note in (item.record.get("stage_notes") or {}).items():
        texts.append((note, item.file_line(item.lines.values[f"stage_notes.{key}"])))
    return texts


def check_texts(
    tree: ParsedTree,
    p: ParsedTranslation,
    english: EnglishIndex,
    linkable: list[str],
    blocks: dict[tuple[str, str], ParsedTranslation],
) -> None:
    item = p.item
    known = {s["id"] for s in item.record.get("sources") or []}
    for offset, text in enumerate(item.record["body"].split("\n")):
        match = INCLUDE_PATTERN.match(text)
        if not match:
            continue
        block = blocks.get((p.language, match.group(1)))
        if item.kind == "block":
            tree.error(item.path, item.body_line + offset, "a block cannot include another block")
        elif block is None:
            tree.error(
                item.path,
                item.body_line + offset,
                f"no translated block for {{{{include {match.group(1)}}}}} "
                f"(add {p.language}/blocks/{match.group(1)}.md)",
            )
        else:
            known |= {s["id"] for s in block.item.record.get("sources") or []}
    for text, first in texts_of(item):
        for slug, line in link_targets(text):
            if english.kinds.get(slug) in {"crisis", "block"}:
                tree.error(item.path, first + line - 1, f"[[{slug}]] has no page to link to")
            elif slug not in english.kinds:
                near = difflib.get_close_matches(slug, linkable, n=1)
                hint = f" (did you mean [[{near[0]}]]?)" if near else ""
                tree.error(
                    item.path,
                    first + line - 1,
                    f"unknown link target [[{slug}]]: links name ENGLISH slugs{hint}",
                )
        for match in CITE_PATTERN.finditer(text):
            if match.group(1) not in known:
                line = first + text.count("\n", 0, match.start())
                tree.error(
                    item.path, line, f"unknown source id [^{match.group(1)}]: no source has it"
                )
        for number, text_line in enumerate(text.split("\n")):
            unquoted = QUOTED.sub("", text_line)
            found = STIGMA_ERRORS.search(unquoted)
            if found:
                tree.error(
                    item.path,
                    first + number,
                    f"'{found.group(0)}' labels a person: write person-first "
                    '("persona con trastorno por consumo de opioides"), or quote it as an example',
                )
            warned = STIGMA_WARNINGS.search(unquoted)
            if warned:
                tree.warn(
                    item.path,
                    first + number,
                    f"'{warned.group(0)}': if it describes a person or a test result, use "
                    '"en recuperación" or "resultado negativo/positivo"',
                )


def parse_and_check(
    tree: ParsedTree, existing: dict[str, str]
) -> tuple[list[ParsedTranslation], list[ContentError]]:
    parsed: list[ParsedTranslation] = []
    for language in LANGUAGES:
        parsed += parse_language(tree, language)
    if not parsed:
        return parsed, []
    stale = check_translations(tree, parsed, english_index(tree, existing))
    return parsed, stale


# -- Applying (inside load_content's transaction) ----------------------------------


def apply_translations(
    parsed: list[ParsedTranslation], report: Any, *, force: bool, prune: bool, english_written: bool
) -> None:
    """The three-way sync for translations, then render and index them."""
    from pathways.translations import rerender_translations

    written = False
    provided: set[int] = set()
    languages = set(LANGUAGES)
    rows = {
        (tr.language, tr.kind, tr.english_slug): tr
        for tr in Translation.objects.prefetch_related("sources")
    }
    for p in parsed:
        item = p.item
        record = dict(item.record, slug=item.slug)
        file_hash = content_hash(item.kind, record)
        row = rows.get((p.language, item.kind, p.english_slug))
        label = item.path if item.kind != "term" else f"{item.path} ({item.slug})"
        if row is None:
            row = Translation(language=p.language, kind=item.kind, english_slug=p.english_slug)
            write(row, p, record, file_hash)
            report.created.append(item.path)
            written = True
        else:
            base = row.baseline_hash
            db_hash = content_hash(item.kind, record_from_translation(row))
            if file_hash == base:
                getattr(report, "unchanged" if db_hash == base else "kept").append(label)
            elif db_hash == base:
                write(row, p, record, file_hash)
                report.updated.append(label)
                written = True
            elif file_hash == db_hash:
                Translation.objects.filter(pk=row.pk).update(
                    baseline_hash=file_hash, current_hash=file_hash
                )
                report.in_sync.append(label)
            elif force:
                write(row, p, record, file_hash, reason="load_content --force")
                report.updated.append(label)
                written = True
            else:
                report.conflicts.append(label)
        provided.add(row.pk)
    if prune:
        for tr in Translation.objects.filter(
            language__in=languages, status=Status.PUBLISHED
        ).exclude(source_path=""):
            if tr.pk not in provided:
                tr.status = Status.DRAFT
                setattr(tr, "_change_reason", "load_content --prune")  # noqa: B010
                tr.save()
                report.removed.append(tr.source_path)
                written = True
    if written or english_written:
        for language in languages:
            rerender_translations(language)


def write(
    row: Translation,
    p: ParsedTranslation,
    record: dict[str, Any],
    file_hash: str,
    reason: str = "load_content",
) -> None:
    item = p.item
    row.slug = item.slug
    row.source_hash = record["source_hash"]
    row.translated = record.get("translated")
    row.title = record["title"]
    row.link_text = record.get("link_text") or ""
    row.summary = record.get("summary") or ""
    row.body = record["body"]
    row.also_called = record.get("also_called") or []
    row.duration = record.get("duration") or ""
    row.who = record.get("who") or ""
    row.questions = record.get("questions") or []
    row.stage_notes = record.get("stage_notes") or {}
    row.status = record.get("status") or "published"
    row.updated = record.get("updated")
    row.review_due = record.get("review_due")
    row.valid_until = record.get("valid_until")
    row.source_path = item.path
    row.baseline_hash = file_hash
    row.current_hash = file_hash
    if row.pk:
        row.version += 1
    setattr(row, "_change_reason", reason)  # noqa: B010
    row.save()
    if item.kind != "term":
        row.sources.all().delete()
        Source.objects.bulk_create(
            Source(
                item=row,
                position=i,
                key=s["id"],
                title=s["title"],
                publisher=s["publisher"],
                url=s["url"],
                edition=s.get("edition") or "",
                published=s.get("published"),
                checked=s.get("checked"),
            )
            for i, s in enumerate(record.get("sources") or [])
        )


def refresh_current_hash(tr: Translation) -> None:
    tr.current_hash = content_hash(tr.kind, record_from_translation(tr))
    Translation.objects.filter(pk=tr.pk).update(current_hash=tr.current_hash)


def english_models() -> dict[str, Any]:
    return ITEM_MODELS


def content_root_path(root: Path, language: str) -> Path:
    return root / language


# -- Exporting (export_content writes translations back like the English) -----------


def export_plans() -> list[Any]:
    """The translation files the database would write, as exporting.Planned rows."""
    from pathways.content.exporting import Planned

    plans: list[Any] = []
    numbers = dict(Stage.objects.values_list("slug", "number"))
    glossaries: dict[str, tuple[list[dict[str, Any]], dict[str, str], bool]] = {}
    for tr in Translation.objects.prefetch_related("sources").order_by("language", "kind", "slug"):
        record = record_from_translation(tr)
        db_hash = content_hash(tr.kind, record)
        changed = db_hash != tr.baseline_hash
        if tr.kind == "term":
            terms, baselines, any_changed = glossaries.get(tr.language, ([], {}, False))
            terms.append(record)
            baselines[tr.slug] = tr.baseline_hash
            glossaries[tr.language] = (terms, baselines, any_changed or changed)
            continue
        rel = tr.source_path or default_path(tr, numbers.get(tr.english_slug))
        plans.append(
            Planned(
                rel, "translation", serialize(tr.kind, record), {tr.slug: tr.baseline_hash}, changed
            )
        )
    for language, (terms, baselines, changed) in glossaries.items():
        plans.append(
            Planned(
                f"{language}/glossary.yml",
                "translation-glossary",
                serialize_glossary(terms),
                baselines,
                changed,
            )
        )
    return plans


def file_untouched(root: Path, rel: str, kind: str, baselines: dict[str, str]) -> bool:
    """The translation file still holds what was last loaded from it."""
    text = read_text(ParsedTree(root=root), rel)
    if text is None:
        return False
    if kind == "translation":
        return hashlib.sha256(text.encode("utf-8")).hexdigest() == next(iter(baselines.values()))
    tree = ParsedTree(root=root)
    found = {i.slug: content_hash("term", dict(i.record)) for i in parse_glossary(tree, rel)}
    return not tree.errors and found == baselines
