"""Checks that need the whole tree: slugs, references, links and source domains."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from pathways.content.parsing import ParsedItem, ParsedTree
from pathways.rendering import LINK_PATTERN


def domain_allowed(url: str, domains: Iterable[str]) -> bool:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host:
        return False
    return any(host == d or host.endswith("." + d) for d in domains)


def link_targets(text: str) -> list[tuple[str, int]]:
    """(slug, line within text) for every [[link]] in a piece of markdown."""
    return [
        (m.group(1).strip(), text.count("\n", 0, m.start()) + 1)
        for m in LINK_PATTERN.finditer(text)
    ]


def check_tree(tree: ParsedTree, existing: dict[str, str]) -> None:
    """Record cross-file errors on the tree.

    `existing` maps the slugs of items already in the database that no file
    in the tree provides (for example made in the admin) to their kind, so
    links and references to them are valid and clashes with them are caught.
    """
    seen: dict[str, ParsedItem] = {}
    numbers: dict[int, ParsedItem] = {}
    for item in tree.items:
        other = seen.get(item.slug)
        if other is not None:
            line = item.body_line if item.kind == "term" else 1
            what = "duplicate slug" if other.kind == item.kind else "slug clash"
            tree.error(item.path, line, f"{what} '{item.slug}': also used by {other.path}")
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
                    f"stage number {item.number:02d} is also used by {numbers[item.number].path}",
                )
            numbers[item.number] = item

    kinds = {**existing, **{slug: item.kind for slug, item in seen.items()}}
    stages = {slug for slug, kind in kinds.items() if kind == "stage"}
    substances = {slug for slug, kind in kinds.items() if kind == "substance"}

    for item in tree.items:
        record, lines = item.record, item.lines
        stage = record.get("stage")
        if stage and stage not in stages:
            tree.error(item.path, item.file_line(lines.values["stage"]), f"unknown stage '{stage}'")
        substance_lines = lines.items.get("substances", [])
        for slug, line in zip(record.get("substances") or [], substance_lines, strict=False):
            if slug not in substances:
                tree.error(item.path, item.file_line(line), f"unknown substance '{slug}'")
        for key in record.get("stage_notes") or {}:
            if key not in stages:
                line = item.file_line(lines.values[f"stage_notes.{key}"])
                tree.error(item.path, line, f"unknown stage '{key}' in stage_notes")
        source_lines = lines.items.get("sources", [])
        for source, line in zip(record.get("sources") or [], source_lines, strict=False):
            if not domain_allowed(source["url"], tree.domains):
                tree.error(
                    item.path,
                    item.file_line(line),
                    f"source {source['url']} is not on an allowed domain (content/sources.yml)"
                    if source["url"].startswith("https://")
                    else f"source {source['url']} must be an https:// address",
                )
        check_links(tree, item, kinds)


def check_links(tree: ParsedTree, item: ParsedItem, kinds: dict[str, str]) -> None:
    if item.kind == "term":
        texts = [(item.record["body"], item.lines.values.get("definition", item.body_line))]
    else:
        texts = [(item.record["body"], item.body_line)]
    for key, note in (item.record.get("stage_notes") or {}).items():
        texts.append((note, item.file_line(item.lines.values[f"stage_notes.{key}"])))
    for text, first_line in texts:
        for slug, line in link_targets(text):
            if slug not in kinds:
                tree.error(item.path, first_line + line - 1, f"unknown link target [[{slug}]]")
