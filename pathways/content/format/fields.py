"""Readers for front-matter values: each checks one value's type and records its line.

A reader takes the value's YAML node, the field's name (for messages) and the
`Lines` being filled, and returns the plain value or raises `YamlError` at the
value's own line.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from pathways.content.format.yamlnodes import YamlError, mapping_items, node_line, scalar

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HASH_RE = re.compile(r"^[0-9a-f]{64}$")
STATUSES = ("published", "draft")


@dataclass
class Lines:
    """Where each value sits in the file (1-based, relative to the YAML text)."""

    keys: dict[str, int] = field(default_factory=dict)
    values: dict[str, int] = field(default_factory=dict)
    items: dict[str, list[int]] = field(default_factory=dict)  # list elements, or source urls


Reader = Callable[[yaml.Node, str, Lines], Any]
# Field name -> (reader, required). The order is the canonical order.
Spec = dict[str, tuple[Reader, bool]]


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


def read_edition(node: yaml.Node, name: str, lines: Lines) -> str:
    """An edition may be written as a bare year (`edition: 2021`)."""
    value = scalar(node)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return read_str(node, name, lines)


def read_hash(node: yaml.Node, name: str, lines: Lines) -> str:
    value = read_str(node, name, lines)
    if not HASH_RE.match(value):
        raise YamlError(
            node_line(node),
            f"'{name}' must be the 64-character review hash that mark_reviewed and "
            "export_content write; don't type or edit it by hand",
        )
    return value


def read_mapping(node: yaml.Node, name: str, spec: Spec, lines: Lines) -> dict[str, Any]:
    """A nested mapping (a source, a review): known keys only, the required ones present.

    A missing optional key is left out of the result.
    """
    found = {key: (line, value) for key, line, value in mapping_items(node, name)}
    for key, (line, _) in found.items():
        if key not in spec:
            raise YamlError(line, f"unknown field '{key}' in {name}")
    record: dict[str, Any] = {}
    for key, (reader, required) in spec.items():
        if key in found:
            record[key] = reader(found[key][1], f"{name}.{key}", lines)
        elif required:
            raise YamlError(node_line(node), f"{name} is missing '{key}'")
    return record


# A source's fields in canonical order. `id` is what the text cites as [^id];
# `checked` is when an editor last confirmed the source says what the page says.
SOURCE_SPEC: Spec = {
    "id": (read_slug, True),
    "title": (read_str, True),
    "publisher": (read_str, True),
    "url": (read_str, True),
    "edition": (read_edition, False),
    "published": (read_date, False),
    "checked": (read_date, True),
}


def read_source(node: yaml.Node, lines: Lines) -> dict[str, Any]:
    record = read_mapping(node, "source", SOURCE_SPEC, lines)
    for key, (reader, _) in SOURCE_SPEC.items():
        record.setdefault(key, None if reader is read_date else "")
    return {key: record[key] for key in SOURCE_SPEC}


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


# A review's fields in canonical order. `hash` is the reader-text hash of what
# the reviewer signed (pathways.reviews): when the text no longer hashes to it,
# the review loads as stale. A review without one can't show what it covered,
# so it loads as stale too.
REVIEW_SPEC: Spec = {
    "by": (read_str, True),
    "date": (read_date, True),
    "hash": (read_hash, False),
}


def read_review(node: yaml.Node, name: str, lines: Lines) -> dict[str, Any]:
    return read_mapping(node, name, REVIEW_SPEC, lines)


def read_lint_exceptions(node: yaml.Node, name: str, lines: Lines) -> list[dict[str, str]]:
    """Reasoned exceptions to a medical-safety lint rule: a list of {rule, reason}.

    The rule ids are checked against pathways/lint/rules.yml by the lint itself.
    """
    elements = _sequence(node, name)
    lines.items[name] = [node_line(n) for n in elements]
    return [_exception(n, f"{name} entry", lines) for n in elements]


def _exception(node: yaml.Node, name: str, lines: Lines) -> dict[str, str]:
    found = {key: (line, value) for key, line, value in mapping_items(node, name)}
    for key, (line, _) in found.items():
        if key not in ("rule", "reason"):
            raise YamlError(line, f"unknown field '{key}' in {name}")
    for key in ("rule", "reason"):
        if key not in found:
            raise YamlError(node_line(node), f"{name} is missing '{key}'")
    return {
        "rule": read_slug(found["rule"][1], f"{name}.rule", lines),
        "reason": read_str(found["reason"][1], f"{name}.reason", lines),
    }


def read_stage_notes(node: yaml.Node, name: str, lines: Lines) -> dict[str, str]:
    notes = {}
    for key, line, value in mapping_items(node, name):
        if not SLUG_RE.match(key):
            raise YamlError(line, f"'{name}' keys must be stage slugs: {key!r}")
        lines.values[f"{name}.{key}"] = node_line(value)
        notes[key] = read_str(value, f"{name}.{key}", lines)
    return notes
