"""What the database would write: every content file, English and translated, as text.

Each `Planned` file carries what the exporter's three-way check needs: the
baseline of every item it holds and whether the database changed since.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pathways.content.format.canonical import content_hash, dump_yaml, serialize, serialize_list
from pathways.content.format.schema import ENGLISH, FileFormat
from pathways.content.format.translated import TRANSLATED, translation_path
from pathways.content.sync.records import (
    default_path,
    prefetched,
    record_from_item,
    record_from_translation,
)
from pathways.kinds import KINDS, LOAD_ORDER
from pathways.models import ITEM_MODELS, Item, SourceDomain, Translation

SOURCES_HEADER = """\
# Domains an article may cite. A source's address must be https and on one of
# these domains or a subdomain of one (www.samhsa.gov matches samhsa.gov).
# Public-health agencies, regulators, professional bodies and peer-reviewed
# journals only; never a treatment center's own site.
"""
SOURCES_KIND = "sources"  # sources.yml: not an item, never edited in the admin


@dataclass
class Planned:
    """One file the database would write, with what its three-way check needs."""

    rel: str
    kind: str
    text: str
    # slug -> hash of the text last loaded for each item the file holds ("" for
    # an item made in the admin and never loaded).
    baselines: dict[str, str]
    db_changed: bool
    # Items of a list file deleted since they were loaded: slug -> baseline.
    deleted: dict[str, str] = field(default_factory=dict)
    fmt: FileFormat = ENGLISH


@dataclass
class ListFile:
    """A list file being planned: its records, their baselines, and any change."""

    records: list[dict[str, Any]] = field(default_factory=list)
    baselines: dict[str, str] = field(default_factory=dict)
    changed: bool = False

    def add(self, record: dict[str, Any], slug: str, baseline: str, changed: bool) -> None:
        self.records.append(record)
        self.baselines[slug] = baseline
        self.changed = self.changed or changed


def plan_files() -> list[Planned]:
    """Every file the database would write (content/ and each language's folder)."""
    domains = list(SourceDomain.objects.values_list("domain", flat=True))
    # Domains are not edited in the admin: the database holds what was loaded.
    sources = SOURCES_HEADER + dump_yaml({"domains": domains})
    plans = [Planned("sources.yml", SOURCES_KIND, sources, {}, False)]
    for kind in LOAD_ORDER:
        plans += kind_plans(kind)
    return plans + translation_plans()


def kind_plans(kind: str) -> list[Planned]:
    plans: list[Planned] = []
    listed = ListFile()
    for item in prefetched(ITEM_MODELS[kind]):
        record = record_from_item(item)
        changed = content_hash(kind, record) != item.baseline_hash
        if KINDS[kind].listed:
            listed.add(record, item.slug, item.baseline_hash, changed)
            continue
        rel = item.source_path or default_path(item)
        text = serialize(kind, record)
        plans.append(Planned(rel, kind, text, {item.slug: item.baseline_hash}, changed))
    if KINDS[kind].listed:
        deleted = {
            slug: base
            for slug, base in deleted_baselines(ITEM_MODELS[kind]).items()
            if slug not in listed.baselines
        }
        if listed.records or deleted:
            text = serialize_list(kind, listed.records)
            path = KINDS[kind].path
            plans.append(Planned(path, kind, text, listed.baselines, listed.changed, deleted))
    return plans


def deleted_baselines(model: type[Item]) -> dict[str, str]:
    """slug -> baseline of items deleted since they were loaded (from their history)."""
    present = set(model._default_manager.values_list("slug", flat=True))
    found: dict[str, str] = {}
    rows = (
        model.history.filter(history_type="-")  # type: ignore[attr-defined]
        .order_by("history_date")
        .values_list("slug", "baseline_hash")
    )
    for slug, baseline in rows:
        if slug not in present and baseline:
            found[slug] = baseline
    return found


def translation_plans() -> list[Planned]:
    """The translation files the database would write."""
    plans: list[Planned] = []
    numbers = {
        (kind, row.slug): getattr(row, "number", 0)
        for kind, spec in KINDS.items()
        if spec.numbered
        for row in ITEM_MODELS[kind].objects.only("slug", "number")
    }
    lists: dict[tuple[str, str], ListFile] = {}
    for tr in Translation.objects.prefetch_related("sources").order_by("language", "kind", "slug"):
        record = record_from_translation(tr)
        changed = content_hash(tr.kind, record, TRANSLATED) != tr.baseline_hash
        if KINDS[tr.kind].listed:
            lists.setdefault((tr.language, tr.kind), ListFile()).add(
                record, tr.slug, tr.baseline_hash, changed
            )
            continue
        number = numbers.get((tr.kind, tr.english_slug), 0)
        rel = tr.source_path or translation_path(
            tr.language, tr.kind, tr.slug, tr.english_slug, number
        )
        text = serialize(tr.kind, record, TRANSLATED)
        baselines = {tr.slug: tr.baseline_hash}
        plans.append(Planned(rel, tr.kind, text, baselines, changed, fmt=TRANSLATED))
    for (language, kind), listed in lists.items():
        rel = f"{language}/{KINDS[kind].path}"
        text = serialize_list(kind, listed.records, TRANSLATED)
        plans.append(Planned(rel, kind, text, listed.baselines, listed.changed, fmt=TRANSLATED))
    return plans
