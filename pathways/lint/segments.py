"""Pages to lint, built from what the loader parsed or from a file as written.

The loader builds pages from the items it parsed (`segments_from_item`); the
`lint_content` command and the Spanish files use `segments_from_file`, which
reads any content file without the schema; the admin lints the form's fields
(`pathways.lint.lint_form`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from pathways.lint.page import Finding, PageText, Segment, lang_of, read_exceptions

# Front-matter fields whose text a reader sees.
VISIBLE_FIELDS = ("title", "summary", "duration", "who")
LIST_FIELDS = ("questions",)
# Content folder -> the kind of page its files are.
KINDS = {"articles": "article", "stages": "stage", "substances": "substance", "blocks": "block"}


def segments_from_item(item: Any) -> PageText:
    """A loader ParsedItem (pathways.content.format.parsing) as a page to lint."""
    record, lines = item.record, item.lines
    if item.kind == "term":
        body_line = lines.values.get("definition", item.body_line)
        segments = [Segment(record["body"], body_line)]
        if "term" in lines.values:
            segments.append(Segment(record["title"], lines.values["term"], "term", False))
        return PageText(item.path, segments, item.kind, lang_of(item.path))
    segments = [Segment(record["body"], item.body_line)]
    for key in VISIBLE_FIELDS:
        if record.get(key) and key in lines.values:
            segments.append(Segment(record[key], item.file_line(lines.values[key]), key, False))
    for key in LIST_FIELDS:
        for text, line in zip(record.get(key) or [], lines.items.get(key, []), strict=False):
            segments.append(Segment(text, item.file_line(line), key))
    for key, note in (record.get("stage_notes") or {}).items():
        line = lines.values.get(f"stage_notes.{key}")
        if line is not None:
            segments.append(Segment(note, item.file_line(line), f"stage_notes.{key}"))
    exc_lines = [item.file_line(n) for n in lines.items.get("lint_exceptions", [])]
    exc_line = item.file_line(lines.keys.get("lint_exceptions", 1))
    exceptions = read_exceptions(record.get("lint_exceptions"), exc_line, exc_lines)
    return PageText(item.path, segments, item.kind, lang_of(item.path), exceptions)


def segments_from_file(path: Path, shown: str) -> tuple[list[PageText], list[Finding]]:
    """Any content file (markdown with front matter, or a glossary), read as written.

    Independent of the schema, so a Spanish file with fields of its own is
    still linted. Returns the pages and any reading problem as findings.
    """
    try:
        text = path.read_text(encoding="utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Finding(shown, 1, "read", "error", f"cannot read the file: {exc}")]
    if path.suffix == ".yml":
        if path.name != "glossary.yml":
            return [], []
        return _glossary_pages(text, shown)
    return _markdown_page(text, shown, KINDS.get(path.parent.name, "crisis"))


def _glossary_pages(text: str, shown: str) -> tuple[list[PageText], list[Finding]]:
    from pathways.content.format.yamlnodes import YamlError, compose

    try:
        node = compose(text)
    except YamlError as exc:
        return [], [Finding(shown, exc.line, "read", "error", exc.message)]
    pages = []
    for entry in getattr(node, "value", []) or []:
        fields = _mapping(entry)
        segments = []
        for key in ("definition", "term"):
            if key in fields:
                value, line, _node = fields[key]
                if isinstance(value, str):
                    segments.append(Segment(value, line, key, key == "definition"))
        if segments:
            pages.append(PageText(shown, segments, "term", lang_of(shown)))
    return pages, []


def _markdown_page(text: str, shown: str, kind: str) -> tuple[list[PageText], list[Finding]]:
    from pathways.content.format.parsing import split_front_matter
    from pathways.content.format.yamlnodes import YamlError, compose

    parts = split_front_matter(text)
    if parts is None:
        return [], [Finding(shown, 1, "read", "error", "no front matter between '---' lines")]
    yaml_text, body, body_line = parts
    try:
        node = compose(yaml_text)
    except YamlError as exc:
        return [], [Finding(shown, exc.line + 1, "read", "error", exc.message)]
    fields = _mapping(node)
    # YAML lines count from the first line after the opening '---', the file's line 2.
    segments = [Segment(body.strip("\n").rstrip() + "\n", body_line)]
    for key in VISIBLE_FIELDS:
        if key in fields and isinstance(fields[key][0], str):
            segments.append(Segment(fields[key][0].strip(), fields[key][1] + 1, key, False))
    for key in LIST_FIELDS:
        for element in _sequence(fields, key):
            if isinstance(element, yaml.ScalarNode):
                segments.append(Segment(element.value, element.start_mark.line + 2, key))
    if "stage_notes" in fields and isinstance(fields["stage_notes"][2], yaml.MappingNode):
        for key_node, value_node in fields["stage_notes"][2].value:
            if isinstance(value_node, yaml.ScalarNode):
                line = value_node.start_mark.line + 2
                segments.append(Segment(value_node.value, line, f"stage_notes.{key_node.value}"))
    elements = _sequence(fields, "lint_exceptions")
    entries = [{k.value: v.value for k, v in getattr(e, "value", [])} for e in elements]
    exceptions = read_exceptions(entries, 1, [e.start_mark.line + 2 for e in elements])
    return [PageText(shown, segments, kind, lang_of(shown), exceptions)], []


def _mapping(node: Any) -> dict[str, tuple[Any, int, Any]]:
    """key -> (scalar value or None, 1-based line within the YAML, value node)."""
    out: dict[str, tuple[Any, int, Any]] = {}
    if not isinstance(node, yaml.MappingNode):
        return out
    for key_node, value_node in node.value:
        value = value_node.value if isinstance(value_node, yaml.ScalarNode) else None
        out[str(key_node.value)] = (value, value_node.start_mark.line + 1, value_node)
    return out


def _sequence(fields: dict[str, tuple[Any, int, Any]], key: str) -> list[Any]:
    """The elements of a YAML list field (none when the field is absent or not a list)."""
    if key in fields and isinstance(fields[key][2], yaml.SequenceNode):
        return list(fields[key][2].value)
    return []
