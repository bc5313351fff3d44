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

from pathways.content.parsing import normalize_body
from pathways.content.schema import EMPTY, SCHEMAS, SOURCE_SPEC
from pathways.models import (
    Article,
    Block,
    CrisisBox,
    GlossaryTerm,
    Item,
    Page,
    Source,
    Stage,
    Substance,
)

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


def front_matter(kind: str, record: dict[str, Any]) -> dict[str, Any]:
    """The record's fields in schema order, leaving out empty optional ones."""
    out: dict[str, Any] = {}
    for key, (_, required) in SCHEMAS[kind].items():
        value: Any = record.get(key)
        if not required and key in EMPTY and value == EMPTY[key]:
            continue
        if key == "substances":
            value = sorted(value)  # a many-to-many keeps no order, so files don't either
        elif key == "stage_notes":
            value = dict(sorted(value.items()))  # PostgreSQL's jsonb keeps no key order
        elif key == "sources":
            value = [source_entry(source) for source in value]
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


def source_record(source: Source) -> dict[str, Any]:
    return {
        "id": source.key,
        "title": source.title,
        "publisher": source.publisher,
        "url": source.url,
        "edition": source.edition,
        "published": source.published,
        "checked": source.checked,
    }


def serialize(kind: str, record: dict[str, Any]) -> str:
    if kind == "term":
        return dump_yaml([term_entry(record)])
    return f"---\n{dump_yaml(front_matter(kind, record))}---\n\n{record['body']}"


def term_entry(record: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {"slug": record["slug"], "term": record["title"]}
    if record.get("link_text"):
        entry["link_text"] = record["link_text"]
    if record.get("also_called"):
        entry["also_called"] = record["also_called"]
    entry["definition"] = record["body"].strip()
    if record.get("status", "published") != "published":
        entry["status"] = record["status"]
    return entry


def serialize_glossary(records: list[dict[str, Any]]) -> str:
    ordered = sorted(records, key=lambda r: (r["title"].lower(), r["slug"]))
    return dump_yaml([term_entry(r) for r in ordered]) if ordered else "[]\n"


def content_hash(kind: str, record: dict[str, Any]) -> str:
    return hashlib.sha256(serialize(kind, record).encode("utf-8")).hexdigest()


def record_from_item(item: Item) -> dict[str, Any]:
    """The record of a database row. Prefetch sources, stage and substances first."""
    record: dict[str, Any] = {
        "title": item.title,
        "body": normalize_body(item.body),
        "status": str(item.status),  # a TextChoices member dumps as an object
        "updated": item.updated,
        "review_due": item.review_due,
    }
    if isinstance(item, GlossaryTerm):
        record.update(slug=item.slug, link_text=item.link_text, also_called=list(item.also_called))
        return record
    record["sources"] = [
        source_record(s) for s in sorted(item.sources.all(), key=lambda s: (s.position, s.pk))
    ]
    if isinstance(item, CrisisBox | Block):
        return record
    assert isinstance(item, Page)
    record.update(
        link_text=item.link_text,
        valid_until=item.valid_until,
        summary=item.summary,
        also_called=list(item.also_called),
        featured=item.featured,
        lint_exceptions=[
            {"rule": str(e.get("rule", "")), "reason": str(e.get("reason", ""))}
            for e in item.lint_exceptions or []
            if isinstance(e, dict)
        ],
        clinical_review=review_entry(item.reviewed_by, item.reviewed_on, item.reviewed_hash),
    )
    if isinstance(item, Stage):
        record.update(duration=item.duration, who=item.who, questions=list(item.questions))
    elif isinstance(item, Substance):
        record["stage_notes"] = dict(item.stage_notes)
    elif isinstance(item, Article):
        record["stage"] = item.stage.slug if item.stage_id and item.stage else None
        record["substances"] = [s.slug for s in item.substances.all()]
    return record


def default_path(item: Item) -> str:
    if isinstance(item, Stage):
        return f"stages/{item.number:02d}-{item.slug}.md"
    if isinstance(item, Substance):
        return f"substances/{item.slug}.md"
    if isinstance(item, GlossaryTerm):
        return "glossary.yml"
    if isinstance(item, CrisisBox):
        return "crisis.md"
    if isinstance(item, Block):
        return f"blocks/{item.slug}.md"
    return f"articles/{item.slug}.md"
