"""The canonical text of each item, shared by the exporter and the three-way sync.

A record is the plain-data form of an item (front-matter values plus "body").
Both a parsed file and a database row become a record; serializing a record
gives exactly the bytes of its canonical file, and hashing that text gives the
hashes the three-way sync compares.
"""

from __future__ import annotations

import hashlib
from typing import Any

import yaml

from pathways.content.format.fields import SOURCE_SPEC
from pathways.content.format.schema import ENGLISH, RECORD_KEYS, FileFormat
from pathways.kinds import KINDS

# LibYAML's emitter when available; its output is the same as the pure-Python one's.
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump_yaml(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=1_000_000,
        default_flow_style=False,
    )


def front_matter(kind: str, record: dict[str, Any], fmt: FileFormat = ENGLISH) -> dict[str, Any]:
    """The record's fields in schema order, leaving out empty optional ones.

    For an entry of a list file this is the whole entry, its body included.
    """
    out: dict[str, Any] = {}
    for key, (_, required) in fmt.schema(kind).items():
        value: Any = record.get(RECORD_KEYS.get(key, key))
        if not required and value == fmt.empty_value(key):
            continue
        if key == "substances":
            value = sorted(value)  # a many-to-many keeps no order, so files don't either
        elif key == "stage_notes":
            value = dict(sorted(value.items()))  # PostgreSQL's jsonb keeps no key order
        elif key == "sources":
            value = [source_entry(source) for source in value]
        elif key == "definition":
            value = value.strip()
        out[key] = value
    return out


def source_entry(source: dict[str, Any]) -> dict[str, Any]:
    """A source's fields in canonical order, leaving out empty optional ones."""
    return {
        key: source.get(key)
        for key, (_, required) in SOURCE_SPEC.items()
        if required or source.get(key) not in (None, "")
    }


def review_entry(by: str, date: Any, text_hash: str) -> dict[str, Any] | None:
    """A clinical review as the file holds it: by, date, and the hash when there is one."""
    if not (by and date):
        return None
    entry: dict[str, Any] = {"by": by, "date": date}
    if text_hash:
        entry["hash"] = text_hash
    return entry


def serialize(kind: str, record: dict[str, Any], fmt: FileFormat = ENGLISH) -> str:
    """The item's canonical file text (for a list file's item, a list of one entry)."""
    if KINDS[kind].listed:
        return dump_yaml([front_matter(kind, record, fmt)])
    return f"---\n{dump_yaml(front_matter(kind, record, fmt))}---\n\n{record['body']}"


def serialize_list(kind: str, records: list[dict[str, Any]], fmt: FileFormat = ENGLISH) -> str:
    """A list file (the glossary): its entries in title order."""
    ordered = sorted(records, key=lambda r: (r["title"].lower(), r["slug"]))
    return dump_yaml([front_matter(kind, r, fmt) for r in ordered]) if ordered else "[]\n"


def content_hash(kind: str, record: dict[str, Any], fmt: FileFormat = ENGLISH) -> str:
    return hashlib.sha256(serialize(kind, record, fmt).encode("utf-8")).hexdigest()
