"""`export_content`: write the database back to files in canonical form.

Exporting a database loaded from `content/` reproduces `content/` byte for
byte, so `git diff` after an export shows exactly what editors changed in the
admin. Only files whose text differs are rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pathways.content.canonical import (
    default_path,
    dump_yaml,
    record_from_item,
    serialize,
    serialize_glossary,
)
from pathways.content.loading import KIND_ORDER, prefetched
from pathways.models import ITEM_MODELS, GlossaryTerm, Redirect, SourceDomain

SOURCES_HEADER = """\
# Domains an article may cite. A source's address must be https and on one of
# these domains or a subdomain of one (www.samhsa.gov matches samhsa.gov).
# Public-health agencies, regulators, professional bodies and peer-reviewed
# journals only; never a treatment center's own site.
"""


@dataclass
class ExportReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def renamed_paths(root: Path, files: dict[str, str]) -> list[str]:
    """Files still named for an old slug (renamed in the admin) that no item now uses."""
    folders = {"article": "articles", "substance": "substances", "stage": "stages"}
    paths = []
    for kind, old in Redirect.objects.values_list("kind", "old_slug"):
        if kind not in folders:
            continue
        pattern = f"[0-9][0-9]-{old}.md" if kind == "stage" else f"{old}.md"
        for path in (root / folders[kind]).glob(pattern):
            rel = f"{folders[kind]}/{path.name}"
            if rel not in files:
                paths.append(rel)
    return paths


def export_content(root: Path) -> ExportReport:
    report = ExportReport()
    files: dict[str, str] = {}
    domains = list(SourceDomain.objects.values_list("domain", flat=True))
    files["sources.yml"] = SOURCES_HEADER + dump_yaml({"domains": domains})
    terms = []
    for kind in KIND_ORDER:
        for item in prefetched(ITEM_MODELS[kind]):
            record = record_from_item(item)
            if isinstance(item, GlossaryTerm):
                terms.append(record)
                continue
            files[item.source_path or default_path(item)] = serialize(kind, record)
    if terms:
        files["glossary.yml"] = serialize_glossary(terms)
    # A file still named for a slug that was renamed in the admin is replaced by
    # the file for the new slug.
    for old in renamed_paths(root, files):
        (root / old).unlink()
        report.removed.append(old)
    for rel, text in sorted(files.items()):
        path = root / rel
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            report.unchanged.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        report.written.append(rel)
    return report
