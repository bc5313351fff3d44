"""Database rows as records: the plain data the canonical form serializes and hashes.

The fields come from the kind's schema, so a new field needs a schema entry
and a model field, and a reader here only when its value is not the row's
attribute of the same name (a relation, a review, the sources).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from pathways.content.format.canonical import review_entry
from pathways.content.format.parsing import normalize_body
from pathways.content.format.schema import (
    ENGLISH,
    RECORD_KEYS,
    REFERENCES,
    SLUG_LISTS,
    FileFormat,
)
from pathways.content.format.translated import TRANSLATED
from pathways.kinds import KINDS
from pathways.models import Item, Source, Translation

RowReader = Callable[[Any], Any]


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


def sources_of(row: Any) -> list[dict[str, Any]]:
    return [source_record(s) for s in sorted(row.sources.all(), key=lambda s: (s.position, s.pk))]


def lint_exceptions_of(item: Item) -> list[dict[str, str]]:
    return [
        {"rule": str(e.get("rule", "")), "reason": str(e.get("reason", ""))}
        for e in item.lint_exceptions or []
        if isinstance(e, dict)
    ]


def named_slugs(key: str) -> RowReader:
    """A field naming other items (REFERENCES): the slug of each item the row names."""

    def read(row: Any) -> Any:
        if key in SLUG_LISTS:
            return [item.slug for item in getattr(row, key).all()]
        named = getattr(row, key) if getattr(row, f"{key}_id") else None
        return named.slug if named else None

    return read


# Record fields whose value is not simply the row's attribute of that name.
ITEM_READERS: dict[str, RowReader] = {
    "sources": sources_of,
    "clinical_review": lambda row: review_entry(
        row.reviewed_by, row.reviewed_on, row.reviewed_hash
    ),
    "lint_exceptions": lint_exceptions_of,
    **{key: named_slugs(key) for key in REFERENCES},
}
TRANSLATION_READERS: dict[str, RowReader] = {
    "sources": sources_of,
    "translation_of": lambda row: row.english_slug,
}


def copied(value: Any, empty: Any) -> Any:
    """A row's value as a record holds it: a fresh list or dict, the empty value for None."""
    if value is None:
        value = empty
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


def row_record(
    row: Any, kind: str, fmt: FileFormat, readers: dict[str, RowReader], record: dict[str, Any]
) -> dict[str, Any]:
    """`record` completed with every field of the kind's schema, read from the row."""
    for key in fmt.schema(kind):
        name = RECORD_KEYS.get(key, key)
        if name not in record:
            read = readers.get(name)
            record[name] = read(row) if read else copied(getattr(row, name), fmt.empty_value(key))
    return record


def record_from_item(item: Item) -> dict[str, Any]:
    """The record of a database row. Prefetch sources, stage and substances first."""
    record: dict[str, Any] = {
        "title": item.title,
        "body": normalize_body(item.body),
        "status": str(item.status),  # a TextChoices member dumps as an object
        "updated": item.updated,
        "review_due": item.review_due,
    }
    return row_record(item, item.kind, ENGLISH, ITEM_READERS, record)


def record_from_translation(tr: Translation) -> dict[str, Any]:
    """The record of a translation row (prefetch its sources first)."""
    record: dict[str, Any] = {
        "title": tr.title,
        "body": normalize_body(tr.body),
        "status": str(tr.status),
        "slug": tr.slug,
    }
    return row_record(tr, tr.kind, TRANSLATED, TRANSLATION_READERS, record)


def default_path(item: Item) -> str:
    """Where an item's file goes when it has none yet (made in the admin, or renamed)."""
    return KINDS[item.kind].file_path(item.slug, getattr(item, "number", None))


def with_relations(model: type[Item]) -> QuerySet[Any]:
    """A model's rows with what their records read: sources, and the items they name."""
    qs = model.objects.prefetch_related("sources")
    schema = ENGLISH.schema(model.kind)
    for key in REFERENCES:
        if key in schema:
            qs = qs.prefetch_related(key) if key in SLUG_LISTS else qs.select_related(key)
    return qs


def prefetched(model: type[Item]) -> list[Any]:
    """Every row of a model, ready for `record_from_item`."""
    return list(with_relations(model))
