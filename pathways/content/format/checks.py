"""Checks that need the whole tree: slugs, references, links and source domains."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from urllib.parse import urlsplit

from pathways.content.format.parsing import ParsedItem, ParsedTree
from pathways.content.format.schema import REFERENCES
from pathways.kinds import KINDS, UNLINKABLE
from pathways.rendering import CITE_PATTERN, INCLUDE_PATTERN, unknown_links

# A published article cites at least this many sources (the admin asks the same).
MIN_SOURCES = KINDS["article"].min_sources
TOO_FEW_SOURCES = (
    "A published article cites at least %(min)s sources (it has %(count)s). "
    "Add them, or save the article as a draft."
)

__all__ = ["MIN_SOURCES", "TOO_FEW_SOURCES", "UNLINKABLE", "check_tree", "domain_allowed"]


def domain_allowed(url: str, domains: Iterable[str]) -> bool:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host:
        return False
    return any(host == d or host.endswith("." + d) for d in domains)


def unknown_link_message(slug: str, kinds: dict[str, str], hint_suffix: str = "") -> str:
    """What the loader (and the admin) say about a [[link]] that names no page."""
    if kinds.get(slug) in UNLINKABLE:
        return f"[[{slug}]] has no page to link to; include it with {{{{include {slug}}}}}"
    linkable = [s for s, kind in kinds.items() if kind not in UNLINKABLE]
    near = difflib.get_close_matches(slug, linkable, n=1)
    hint = f" (did you mean [[{near[0]}]]?)" if near else ""
    return f"unknown link target [[{slug}]]{hint_suffix}{hint}"


def check_tree(
    tree: ParsedTree, existing: dict[str, str], linted: set[tuple[str, str]] | None = None
) -> None:
    """Record cross-file errors on the tree.

    `existing` maps the slugs of items already in the database that no file
    in the tree provides (for example made in the admin) to their kind, so
    links and references to them are valid and clashes with them are caught.
    `linted` names the items whose stored lint findings still stand.
    """
    seen = check_slugs(tree, existing)
    kinds = {**existing, **{slug: item.kind for slug, item in seen.items()}}
    for item in tree.items:
        check_references(tree, item, kinds)
        check_domains(tree, item, tree.domains)
        check_links(tree, item, kinds)
        check_item(tree, item)
    check_citations(tree, seen)
    lint_tree(tree, linted or set())


def check_slugs(tree: ParsedTree, existing: dict[str, str]) -> dict[str, ParsedItem]:
    """Slugs are unique across kinds, and numbers within a numbered kind; returns slug -> item."""
    seen: dict[str, ParsedItem] = {}
    numbers: dict[int, ParsedItem] = {}
    for item in tree.items:
        other = seen.get(item.slug)
        if other is not None:
            what = "duplicate slug" if other.kind == item.kind else "slug clash"
            tree.error(
                item.path, item.first_line, f"{what} '{item.slug}': also used by {other.path}"
            )
        elif item.slug in existing and existing[item.slug] != item.kind:
            tree.error(
                item.path, 1, f"slug clash '{item.slug}': a {existing[item.slug]} already has it"
            )
        else:
            seen[item.slug] = item
        if item.number is not None:
            if item.number in numbers:
                tree.error(
                    item.path,
                    1,
                    f"{item.kind} number {item.number:02d} is also used by "
                    f"{numbers[item.number].path}",
                )
            numbers[item.number] = item
    return seen


def check_references(tree: ParsedTree, item: ParsedItem, kinds: dict[str, str]) -> None:
    """Fields that name other items (a stage, substances, stage notes) name ones that exist."""
    record, lines = item.record, item.lines
    for key, kind in REFERENCES.items():
        value = record.get(key)
        if isinstance(value, list):
            for slug, line in zip(value, lines.items.get(key, []), strict=False):
                if kinds.get(slug) != kind:
                    tree.error(item.path, item.file_line(line), f"unknown {kind} '{slug}'")
        elif value and kinds.get(value) != kind:
            tree.error(item.path, item.file_line(lines.values[key]), f"unknown {kind} '{value}'")
    for key in record.get("stage_notes") or {}:
        if kinds.get(key) != "stage":
            line = item.file_line(lines.values[f"stage_notes.{key}"])
            tree.error(item.path, line, f"unknown stage '{key}' in stage_notes")


def check_domains(
    tree: ParsedTree, item: ParsedItem, domains: list[str], explain: bool = True
) -> None:
    """Every source is an https address on an allowed domain.

    `explain` says apart an address that is not https (a translation's check does not).
    """
    lines = item.lines.items.get("sources", [])
    for source, line in zip(item.record.get("sources") or [], lines, strict=False):
        if not domain_allowed(source["url"], domains):
            tree.error(
                item.path,
                item.file_line(line),
                f"source {source['url']} must be an https:// address"
                if explain and not source["url"].startswith("https://")
                else f"source {source['url']} is not on an allowed domain (content/sources.yml)",
            )


def check_item(tree: ParsedTree, item: ParsedItem) -> None:
    """Rules on one item's own fields: enough sources, a review before its facts expire."""
    record, lines = item.record, item.lines
    minimum = KINDS[item.kind].min_sources
    count = len(record.get("sources") or [])
    if record.get("status") == "published" and count < minimum:
        line = item.file_line(lines.keys.get("sources", lines.keys.get("status", 1)))
        tree.error(item.path, line, TOO_FEW_SOURCES % {"min": minimum, "count": count})
    valid_until, review_due = record.get("valid_until"), record.get("review_due")
    if valid_until and review_due and review_due > valid_until:
        tree.error(
            item.path,
            item.file_line(lines.values["review_due"]),
            f"review_due {review_due} is after valid_until {valid_until}: "
            "review the page before its facts may change",
        )


def lint_tree(tree: ParsedTree, linted: set[tuple[str, str]]) -> None:
    """The medical-safety lint (pathways/lint/rules.yml) on every item, as written.

    Errors stop the load like any other error; warnings are reported. Each
    item's findings ride on its record to the row (`Item.lint_findings`).
    """
    for item in tree.items:
        if (item.kind, item.slug) not in linted:
            lint_item(tree, item)


def lint_item(tree: ParsedTree, item: ParsedItem, only: Iterable[str] | None = None) -> None:
    """Lint one item (only the named rules, when given); errors and warnings go on the tree."""
    from pathways.lint import lint_page, segments_from_item

    findings = lint_page(segments_from_item(item), only)
    item.record["lint_findings"] = [f.as_dict() for f in findings]
    for f in findings:
        (tree.error if f.is_error else tree.warn)(item.path, f.line, f"{f.rule}: {f.message}")


def bodies(item: ParsedItem) -> list[tuple[str, int]]:
    """(markdown, file line of its first line) for every text of an item."""
    texts = [(item.record["body"], item.body_first_line())]
    for key, note in (item.record.get("stage_notes") or {}).items():
        texts.append((note, item.file_line(item.lines.values[f"stage_notes.{key}"])))
    return texts


def source_ids(item: ParsedItem) -> list[str]:
    return [s["id"] for s in item.record.get("sources") or []]


def check_citations(tree: ParsedTree, seen: dict[str, ParsedItem]) -> None:
    """Includes name blocks; each [^id] names a source on the page; no id is used twice."""
    for item in tree.items:
        spec = KINDS[item.kind]
        ids = source_ids(item)
        id_lines = item.lines.items.get("sources.id", [])
        for index, key in enumerate(ids):
            if key in ids[:index]:
                line = item.file_line(id_lines[index]) if index < len(id_lines) else 1
                tree.error(item.path, line, f"source id '{key}' is used twice on this page")
        known = set(ids)
        lenient = False  # an included block only in the database: its ids are unknown here
        body, body_line = item.record.get("body", ""), item.body_line
        for offset, text in enumerate(body.split("\n")):
            match = INCLUDE_PATTERN.match(text)
            if not match:
                continue
            slug = match.group(1)
            block = seen.get(slug)
            if spec.included:
                tree.error(item.path, body_line + offset, "a block cannot include another block")
            elif block is None or not KINDS[block.kind].included:
                tree.error(item.path, body_line + offset, f"unknown block {{{{include {slug}}}}}")
                lenient = lenient or block is None
            else:
                for key in source_ids(block):
                    if key in known:
                        tree.error(
                            item.path,
                            body_line + offset,
                            f"source id '{key}' of block '{slug}' is also an id on this page",
                        )
                    known.add(key)
        cited: set[str] = set()
        for text, first_line in bodies(item):
            for match in CITE_PATTERN.finditer(text):
                key = match.group(1)
                cited.add(key)
                if key not in known and not lenient:
                    line = first_line + text.count("\n", 0, match.start())
                    tree.error(item.path, line, f"unknown source id [^{key}]: no source has it")
        if not spec.has_sources and cited:
            tree.error(item.path, item.body_line, "glossary definitions do not carry citations")
        for index, key in enumerate(ids):
            if key not in cited and spec.has_sources:
                line = item.file_line(id_lines[index]) if index < len(id_lines) else 1
                tree.warn(item.path, line, f"source '{key}' is listed but nothing cites it")


def check_links(tree: ParsedTree, item: ParsedItem, kinds: dict[str, str]) -> None:
    """Every [[link]] the renderer reads names a page (`rendering.unknown_links` decides)."""
    linkable = {slug for slug, kind in kinds.items() if kind not in UNLINKABLE}
    for text, first_line in bodies(item):
        for slug, line in unknown_links(text, linkable):
            tree.error(item.path, first_line + line - 1, unknown_link_message(slug, kinds))
