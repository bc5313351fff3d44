"""The front-matter schema: which fields each kind of file has, and their types.

`read_fields` turns a composed YAML mapping into a plain record (the values
in canonical order) plus the line of every value, so later checks (unknown
stage, unknown link, foreign source domain) can point at the right line.
A `FileFormat` bundles the schemas and the empty values of one set of files:
the English ones here, the translations' in `translated`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from pathways.content.format.fields import (
    SOURCE_SPEC,
    Lines,
    Spec,
    read_bool,
    read_date,
    read_lint_exceptions,
    read_review,
    read_slug,
    read_slug_list,
    read_sources,
    read_stage_notes,
    read_status,
    read_str,
    read_str_list,
)
from pathways.content.format.yamlnodes import YamlError, mapping_items, node_line
from pathways.kinds import KINDS

__all__ = ["SOURCE_SPEC", "Lines", "Spec"]

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

# A list file's entry names two values differently from a record: a glossary
# entry's `term` is the record's title and its `definition` the record's body.
RECORD_KEYS = {"term": "title", "definition": "body"}

# Fields that name other items, and the kind they name.
REFERENCES = {"stage": "stage", "substances": "substance"}
# The fields that hold a list of slugs (naming many items) rather than one.
SLUG_LISTS = frozenset(
    key for spec in SCHEMAS.values() for key, (read, _) in spec.items() if read is read_slug_list
)


@dataclass(frozen=True)
class FileFormat:
    """The schemas of one set of files, and the values their optional fields take when left out."""

    schemas: dict[str, Spec]
    empty: dict[str, Any]

    def schema(self, kind: str) -> Spec:
        return self.schemas[KINDS[kind].schema]

    def empty_value(self, key: str) -> Any:
        return self.empty.get(key, "published" if key == "status" else None)


ENGLISH = FileFormat(SCHEMAS, EMPTY)


def read_fields(
    node: yaml.Node | None, kind: str, what: str, fmt: FileFormat = ENGLISH
) -> tuple[dict[str, Any], Lines]:
    """Validate a mapping against the kind's schema; return the record and its lines."""
    lines = Lines()
    if node is None:
        raise YamlError(1, f"{what} is empty")
    spec = fmt.schema(kind)
    record: dict[str, Any] = {}
    given = {}
    for key, line, value in mapping_items(node, what):
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
            record[key] = fmt.empty_value(key)
    return record, lines
