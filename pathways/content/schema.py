"""The front-matter schema: which fields each kind of file has, and their types.

`read_fields` turns a composed YAML mapping into a plain record (the values
in canonical order) plus the line of every value, so later checks (unknown
stage, unknown link, foreign source domain) can point at the right line.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from pathways.content.yamlnodes import YamlError, mapping_items, node_line, scalar

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
STATUSES = ("published", "draft")


@dataclass
class Lines:
    """Where each value sits in the file (1-based, relative to the YAML text)."""

    keys: dict[str, int] = field(default_factory=dict)
    values: dict[str, int] = field(default_factory=dict)
    items: dict[str, list[int]] = field(default_factory=dict)  # list elements, or source urls


Reader = Callable[[yaml.Node, str, Lines], Any]


def read_str(node: yaml.Node, name: str, lines: Lines) -> str:
    value = scalar(node)
    if not isinstance(value, str) or not value.strip():
        raise YamlError(node_line(node), f"'{name}' must be non-empty text")
    return value.strip()


def read_slug(node: yaml.Node, name: str, lines: Lines) -> str:
    value = read_str(node, name, lines)
    if not SLUG_RE.match(value):
        raise YamlError(
            node_line(node), f"'{name}' must be lowercase letters, digits and hyphens: {value!r}"
        )
    return value


def read_bool(node: yaml.Node, name: str, lines: Lines) -> bool:
    value = scalar(node)
    if not isinstance(value, bool):
        raise YamlError(node_line(node), f"'{name}' must be true or false")
    return value


def read_date(node: yaml.Node, name: str, lines: Lines) -> datetime.date:
    value = scalar(node)
    if not isinstance(value, datetime.date):
        raise YamlError(node_line(node), f"'{name}' must be a date like 2026-11-20")
    return value


def read_status(node: yaml.Node, name: str, lines: Lines) -> str:
    value = scalar(node)
    if value not in STATUSES:
        raise YamlError(node_line(node), f"'{name}' must be published or draft, not {value!r}")
    return str(value)


def _sequence(node: yaml.Node, name: str) -> list[yaml.Node]:
    if not isinstance(node, yaml.SequenceNode):
        raise YamlError(node_line(node), f"'{name}' must be a list")
    return list(node.value)


def read_str_list(node: yaml.Node, name: str, lines: Lines) -> list[str]:
    elements = _sequence(node, name)
    lines.items[name] = [node_line(n) for n in elements]
    return [read_str(n, name, lines) for n in elements]


def read_slug_list(node: yaml.Node, name: str, lines: Lines) -> list[str]:
    elements = _sequence(node, name)
    lines.items[name] = [node_line(n) for n in elements]
    return [read_slug(n, name, lines) for n in elements]


def _record(node: yaml.Node, name: str, spec: dict[str, Reader], lines: Lines) -> dict[str, Any]:
    found = {key: (line, value) for key, line, value in mapping_items(node, name)}
    for key, (line, _) in found.items():
        if key not in spec:
            raise YamlError(line, f"unknown field '{key}' in {name}")
    missing = [key for key in spec if key not in found]
    if missing:
        raise YamlError(node_line(node), f"{name} is missing '{missing[0]}'")
    return {key: reader(found[key][1], f"{name}.{key}", lines) for key, reader in spec.items()}


def read_edition(node: yaml.Node, name: str, lines: Lines) -> str:
    """An edition may be written as a bare year (`edition: 2021`)."""
    value = scalar(node)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return read_str(node, name, lines)


# A source's fields in canonical order: (reader, required). `id` is what the
# text cites as [^id]; `checked` is when an editor last confirmed the source
# says what the page says.
SOURCE_SPEC: dict[str, tuple[Reader, bool]] = {
    "id": (read_slug, True),
    "title": (read_str, True),
    "publisher": (read_str, True),
    "url": (read_str, True),
    "edition": (read_edition, False),
    "published": (read_date, False),
    "checked": (read_date, True),
}


def read_source(node: yaml.Node, lines: Lines) -> dict[str, Any]:
    found = {key: (line, value) for key, line, value in mapping_items(node, "source")}
    for key, (line, _) in found.items():
        if key not in SOURCE_SPEC:
            raise YamlError(line, f"unknown field '{key}' in source")
    record: dict[str, Any] = {}
    for key, (reader, required) in SOURCE_SPEC.items():
        if key in found:
            record[key] = reader(found[key][1], f"source.{key}", lines)
        elif required:
            raise YamlError(node_line(node), f"source is missing '{key}'")
        else:
            record[key] = None if reader is read_date else ""
    return record


def read_sources(node: yaml.Node, name: str, lines: Lines) -> list[dict[str, Any]]:
    elements = _sequence(node, name)
    sources = []
    url_lines = []
    id_lines = []
    for element in elements:
        record = read_source(element, lines)
        entries = {k: node_line(v) for k, _, v in mapping_items(element, "source")}
        url_lines.append(entries["url"])
        id_lines.append(entries["id"])
        sources.append(record)
    lines.items[name] = url_lines
    lines.items[f"{name}.id"] = id_lines
    return sources


HASH_RE = re.compile(r"^[0-9a-f]{64}$")


def read_hash(node: yaml.Node, name: str, lines: Lines) -> str:
    value = read_str(node, name, lines)
    if not HASH_RE.match(value):
        raise YamlError(
            node_line(node),
            f"'{name}' must be the 64-character review hash that mark_reviewed and "
            "export_content write; don't type or edit it by hand",
        )
    return value


# A review's fields in canonical order. `hash` is the reader-text hash of what
# the reviewer signed (pathways.reviews): when the text no longer hashes to it,
# the review loads as stale. A review without one can't show what it covered,
# so it loads as stale too.
REVIEW_SPEC: dict[str, tuple[Reader, bool]] = {
    "by": (read_str, True),
    "date": (read_date, True),
    "hash": (read_hash, False),
}


def read_review(node: yaml.Node, name: str, lines: Lines) -> dict[str, Any]:
    found = {key: (line, value) for key, line, value in mapping_items(node, name)}
    for key, (line, _) in found.items():
        if key not in REVIEW_SPEC:
            raise YamlError(line, f"unknown field '{key}' in {name}")
    review: dict[str, Any] = {}
    for key, (reader, required) in REVIEW_SPEC.items():
        if key in found:
            review[key] = reader(found[key][1], f"{name}.{key}", lines)
        elif required:
            raise YamlError(node_line(node), f"{name} is missing '{key}'")
    return review


def read_lint_exceptions(node: yaml.Node, name: str, lines: Lines) -> list[dict[str, str]]:
    """Reasoned exceptions to a medical-safety lint rule: a list of {rule, reason}.

    The rule ids are checked against pathways/lint/rules.yml by the lint itself.
    """
    elements = _sequence(node, name)
    lines.items[name] = [node_line(n) for n in elements]
    return [
        _record(n, f"{name} entry", {"rule": read_slug, "reason": read_str}, lines)
        for n in elements
    ]


def read_stage_notes(node: yaml.Node, name: str, lines: Lines) -> dict[str, str]:
    notes = {}
    for key, line, value in mapping_items(node, name):
        if not SLUG_RE.match(key):
            raise YamlError(line, f"'{name}' keys must be stage slugs: {key!r}")
        lines.values[f"{name}.{key}"] = node_line(value)
        notes[key] = read_str(value, f"{name}.{key}", lines)
    return notes


# Field name -> (reader, required). The order here is the canonical order.
Spec = dict[str, tuple[Reader, bool]]
PAGE_TAIL: Spec = {
    "updated": (read_date, True),
    "valid_until": (read_date, False),
    "clinical_review": (read_review, False),
    "review_due": (read_date, False),
    "lint_exceptions": (read_lint_exceptions, False),
    "sources": (read_sources, False),
    "status": (read_status, True),
}
SCHEMAS: dict[str, Spec] = {
    "article": {
        "title": (read_str, True),
        "link_text": (read_str, True),
        "summary": (read_str, True),
        "stage": (read_slug, False),
        "substances": (read_slug_list, False),
        "also_called": (read_str_list, False),
        "featured": (read_bool, False),
        **PAGE_TAIL,
    },
    "stage": {
        "title": (read_str, True),
        "link_text": (read_str, True),
        "summary": (read_str, True),
        "duration": (read_str, True),
        "who": (read_str, True),
        "questions": (read_str_list, False),
        "also_called": (read_str_list, False),
        "featured": (read_bool, False),
        **PAGE_TAIL,
    },
    "substance": {
        "title": (read_str, True),
        "link_text": (read_str, True),
        "summary": (read_str, True),
        "also_called": (read_str_list, False),
        "featured": (read_bool, False),
        "stage_notes": (read_stage_notes, False),
        **PAGE_TAIL,
    },
    "crisis": {
        "title": (read_str, True),
        "updated": (read_date, True),
        "review_due": (read_date, False),
        "sources": (read_sources, False),
        "status": (read_status, True),
    },
    # A shared block that pages include with {{include slug}}.
    "block": {
        "title": (read_str, True),
        "updated": (read_date, True),
        "review_due": (read_date, False),
        "sources": (read_sources, False),
        "status": (read_status, True),
    },
    "term": {
        "slug": (read_slug, True),
        "term": (read_str, True),
        "link_text": (read_str, False),
        "also_called": (read_str_list, False),
        "definition": (read_str, True),
        "status": (read_status, False),
    },
}

# Empty values of optional fields, which canonical files leave out.
EMPTY: dict[str, Any] = {
    "link_text": "",
    "valid_until": None,
    "stage": None,
    "substances": [],
    "also_called": [],
    "featured": False,
    "clinical_review": None,
    "review_due": None,
    "lint_exceptions": [],
    "sources": [],
    "questions": [],
    "stage_notes": {},
}


def read_fields(
    node: yaml.Node | None,
    kind: str,
    what: str,
    spec: Spec | None = None,
    empty: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], Lines]:
    """Validate a mapping against the kind's schema; return the record and its lines.

    `spec` and `empty` replace the kind's own (a translation's front matter has
    another schema but the same rules and the same errors).
    """
    lines = Lines()
    if node is None:
        raise YamlError(1, f"{what} is empty")
    spec = spec if spec is not None else SCHEMAS[kind]
    empty = empty if empty is not None else EMPTY
    found = mapping_items(node, what)
    record: dict[str, Any] = {}
    given = {}
    for key, line, value in found:
        if key not in spec:
            raise YamlError(line, f"unknown field '{key}'")
        lines.keys[key] = line
        lines.values[key] = node_line(value)
        given[key] = value
    for key, (reader, required) in spec.items():
        if key in given:
            record[key] = reader(given[key], key, lines)
        elif required:
            raise YamlError(node_line(node), f"missing required field '{key}'")
        else:
            record[key] = empty.get(key, "published" if key == "status" else None)
    return record, lines
