"""Checks on translation files against the English tree, with path:line errors.

A translation names an English item of its own kind; its links name English
slugs; its includes name translated blocks; its sources are on the allowed
domains. The overdose steps are never out of date: a translated steps block
whose `source_hash` is not the English block's current hash is an error. Any
other out-of-date translation loads, and is reported as out of date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from pathways.content.format.checks import (
    check_domains,
    lint_item,
    unknown_link_message,
)
from pathways.content.format.parsing import ContentError, ParsedItem, ParsedTree, display_path
from pathways.content.format.texthash import reader_text_hash
from pathways.content.format.translated import ALWAYS_CURRENT_BLOCK, LANGUAGES, STALE_NOTICE
from pathways.content.format.tree import ParsedTranslation, parse_language
from pathways.kinds import KINDS, UNLINKABLE
from pathways.rendering import CITE_PATTERN, INCLUDE_PATTERN, unknown_links

# The lint rules run on translated text at load (pathways/lint/rules.yml).
LOAD_RULES = ("stigma-es",)


@dataclass
class EnglishIndex:
    """What the checks need to know about the English items, from files and the database."""

    kinds: dict[str, str] = field(default_factory=dict)  # slug -> kind
    numbers: dict[str, int] = field(default_factory=dict)  # numbered kinds' slug -> number
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


def parse_and_check(
    tree: ParsedTree, existing: dict[str, str]
) -> tuple[list[ParsedTranslation], list[ContentError]]:
    """Every translation under content/<language>/, checked; and the out-of-date notices."""
    parsed: list[ParsedTranslation] = []
    for language in LANGUAGES:
        parsed += parse_language(tree, language)
    if not parsed:
        return parsed, []
    stale = check_translations(tree, parsed, english_index(tree, existing))
    return parsed, stale


def translation_line(p: ParsedTranslation, key: str) -> int:
    item = p.item
    line = item.lines.values.get(key) or item.lines.keys.get(key)
    return item.file_line(line) if line else item.first_line


def check_translations(
    tree: ParsedTree, parsed: list[ParsedTranslation], english: EnglishIndex
) -> list[ContentError]:
    """Record errors on the tree; return the "translation out of date" notices."""
    stale: list[ContentError] = []
    seen: dict[tuple[str, str], ParsedTranslation] = {}
    of: dict[tuple[str, str, str], ParsedTranslation] = {}
    blocks = {(p.language, p.english_slug): p for p in parsed if KINDS[p.item.kind].included}
    linkable = {s for s, k in english.kinds.items() if k not in UNLINKABLE}
    for p in parsed:
        item, spec = p.item, KINDS[p.item.kind]
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
        if spec.included and item.slug != english_slug:
            tree.error(item.path, 1, f"a translated block's file is named {english_slug}.md")
        other = of.get((p.language, item.kind, english_slug))
        if other is not None:
            tree.error(
                item.path, line, f"'{english_slug}' is already translated by {other.item.path}"
            )
        of[(p.language, item.kind, english_slug)] = p
        # A translated address must not be another English item's own (its notice page).
        clash = english.kinds.get(item.slug)
        if item.slug != english_slug and clash == item.kind and spec.has_page:
            tree.error(item.path, 1, f"slug '{item.slug}' is the English slug of another {clash}")
        if spec.numbered and item.number != english.numbers.get(english_slug):
            tree.error(
                item.path,
                1,
                f"{item.kind} number {item.number:02d} differs from the English {item.kind}'s "
                f"({english.numbers.get(english_slug, 0):02d})",
            )
        notice = check_source_hash(tree, p, english)
        if notice is not None:
            stale.append(notice)
        check_domains(tree, item, tree.domains, explain=False)
        check_texts(tree, p, english, linkable, blocks)
    english_steps = ("block", ALWAYS_CURRENT_BLOCK) in english.hashes
    for language in {p.language for p in parsed}:
        if english_steps and (language, ALWAYS_CURRENT_BLOCK) not in blocks:
            tree.error(
                f"{language}/blocks/{ALWAYS_CURRENT_BLOCK}.md",
                0,
                "missing: every language the site has must have the overdose steps",
            )
    return stale


def check_source_hash(
    tree: ParsedTree, p: ParsedTranslation, english: EnglishIndex
) -> ContentError | None:
    """An error for the overdose steps translated from another text; a notice for the rest."""
    item, english_slug = p.item, p.english_slug
    current = english.hashes.get((item.kind, english_slug))
    if current is None or current == item.record["source_hash"]:
        return None
    line = translation_line(p, "source_hash")
    if KINDS[item.kind].included and english_slug == ALWAYS_CURRENT_BLOCK:
        tree.error(
            item.path,
            line,
            "the English overdose steps changed (their hash is now "
            f"{current}) and these are not translated from that text: the overdose "
            "steps are never out of date, so translate the change and update source_hash",
        )
        return None
    when = english.updated.get((item.kind, english_slug))
    return ContentError(
        display_path(tree.root / item.path),
        line,
        f"{STALE_NOTICE}: the English {item.kind} '{english_slug}' changed "
        f"(updated {when or 'undated'}) after this was translated",
    )


def texts_of(item: ParsedItem) -> list[tuple[str, int]]:
    texts = [(item.record["body"], item.body_first_line())]
    for key, note in (item.record.get("stage_notes") or {}).items():
        texts.append((note, item.file_line(item.lines.values[f"stage_notes.{key}"])))
    return texts


def check_texts(
    tree: ParsedTree,
    p: ParsedTranslation,
    english: EnglishIndex,
    linkable: set[str],
    blocks: dict[tuple[str, str], ParsedTranslation],
) -> None:
    """Includes, links, citations and wording in a translation's bodies."""
    item = p.item
    known = {s["id"] for s in item.record.get("sources") or []}
    for offset, text in enumerate(item.record["body"].split("\n")):
        match = INCLUDE_PATTERN.match(text)
        if not match:
            continue
        block = blocks.get((p.language, match.group(1)))
        if KINDS[item.kind].included:
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
        for slug, line in unknown_links(text, linkable):
            message = unknown_link_message(slug, english.kinds, ": links name ENGLISH slugs")
            tree.error(item.path, first + line - 1, message)
        for match in CITE_PATTERN.finditer(text):
            if match.group(1) not in known:
                line = first + text.count("\n", 0, match.start())
                tree.error(
                    item.path, line, f"unknown source id [^{match.group(1)}]: no source has it"
                )
    lint_item(tree, item, LOAD_RULES)
