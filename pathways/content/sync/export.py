"""`export_content`: write the database back to files in canonical form, three-way.

Exporting a database loaded from `content/` into an empty folder reproduces
`content/` byte for byte. Into a working tree, export mirrors `load_content`'s
three-way sync: each file is compared with the database and with the
baseline (the hash of the text its items were last loaded from).

| file vs baseline | database vs baseline | result |
|---|---|---|
| (no file) | any | written |
| same | changed | written |
| changed | same | kept: the file's own change, for load_content to read |
| changed | changed, file = database | unchanged |
| changed | changed, file ≠ database | refused, unless `force` |

A file named for an old slug (renamed in the admin) or for a deleted item is
removed only when it still holds the text last loaded from it; otherwise it is
refused too, so an uncommitted change in it is never lost without a word.
Translated files follow the same table.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from pathways.content.format.canonical import content_hash
from pathways.content.format.parsing import (
    ParsedItem,
    ParsedTree,
    parse_list_file,
    parse_markdown_file,
    read_text,
)
from pathways.content.format.schema import ENGLISH, FileFormat
from pathways.content.sync.plans import SOURCES_KIND, Planned, plan_files
from pathways.kinds import KINDS
from pathways.models import ITEM_MODELS, Redirect


@dataclass
class ExportReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    # The file changed and the database did not: left for load_content to read.
    kept: list[str] = field(default_factory=list)
    # The file and the database both changed (or a file to remove changed):
    # left alone, with why, unless forced.
    refused: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)
    forced: list[str] = field(default_factory=list)  # refused, then overwritten or removed

    @property
    def exit_code(self) -> int:
        return 2 if self.refused else 0

    def summary(self) -> str:
        counts = [
            ("written", self.written),
            ("unchanged", self.unchanged),
            ("kept", self.kept),
            ("refused", self.refused),
            ("removed", self.removed),
        ]
        return ", ".join(f"{name} {len(paths)}" for name, paths in counts)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_hashes(
    root: Path, rel: str, kind: str, slug: str, fmt: FileFormat = ENGLISH
) -> dict[str, str] | None:
    """slug -> canonical hash of each item in a file on disk; None if it can't be read."""
    tree = ParsedTree(root=root)
    parsed: list[ParsedItem]
    if KINDS[kind].listed:
        parsed = parse_list_file(tree, rel, kind, fmt)
    else:
        item = parse_markdown_file(tree, rel, kind, slug, fmt)
        parsed = [item] if item is not None else []
    if tree.errors:
        return None
    return {p.slug: content_hash(p.kind, dict(p.record, slug=p.slug), fmt) for p in parsed}


def file_state(root: Path, plan: Planned) -> tuple[bool, bool]:
    """(the file still holds its baseline, the database changed from it)."""
    if KINDS[plan.kind].listed:
        found = file_hashes(root, plan.rel, plan.kind, "", plan.fmt)
        if found is None:
            return False, plan.db_changed
        # An item deleted in the database and still in the file is a change to write.
        deleted = {slug: base for slug, base in plan.deleted.items() if slug in found}
        expected = {slug: base for slug, base in plan.baselines.items() if base} | deleted
        return found == expected, plan.db_changed or bool(deleted)
    baseline = next(iter(plan.baselines.values()), "")
    if not baseline:
        return False, True  # never loaded: a file already there is someone else's
    text = read_text(ParsedTree(root=root), plan.rel)
    if text is not None and sha(text) == baseline:
        return True, plan.db_changed  # byte for byte what was loaded: no need to parse
    slug = next(iter(plan.baselines))
    found = file_hashes(root, plan.rel, plan.kind, slug, plan.fmt)
    return found is not None and list(found.values()) == [baseline], plan.db_changed


def file_glob(kind: str, slug: str) -> str:
    """The names a kind's file for this slug may have in its folder."""
    name = KINDS[kind].path.rpartition("/")[2]
    return name.replace("{number:02d}", "[0-9][0-9]").replace("{slug}", slug)


def stale_files(root: Path, planned: set[str]) -> list[tuple[str, str, str, str]]:
    """(path, kind, slug, baseline) of files that no item writes any more.

    A file still named for a slug renamed in the admin, or the file of a
    deleted item. Each is removed only if it still holds its baseline.
    """
    folders = {kind: spec.folder for kind, spec in KINDS.items() if spec.folder}
    stale: list[tuple[str, str, str, str]] = []
    for kind, old, new in Redirect.objects.values_list("kind", "old_slug", "new_slug"):
        if kind not in folders:
            continue
        item = ITEM_MODELS[kind]._default_manager.filter(slug=new).first()
        for path in (root / folders[kind]).glob(file_glob(kind, old)):
            rel = f"{folders[kind]}/{path.name}"
            if rel not in planned:
                stale.append((rel, kind, old, item.baseline_hash if item else ""))
    for kind, folder in folders.items():
        model = ITEM_MODELS[kind]
        rows = (
            model.history.filter(history_type="-")  # type: ignore[attr-defined]
            .order_by("history_date")
            .values_list("slug", "source_path", "baseline_hash")
        )
        present = set(model._default_manager.values_list("slug", flat=True))
        for slug, rel, baseline in rows:
            if slug in present or not rel or rel in planned or not (root / rel).is_file():
                continue
            if not rel.startswith(folder + "/"):
                continue
            stale = [s for s in stale if s[0] != rel]
            stale.append((rel, kind, slug, baseline))
    return stale


def export_content(root: Path, *, force: bool = False) -> ExportReport:
    report = ExportReport()
    plans = plan_files()
    planned = {plan.rel for plan in plans}

    for rel, kind, slug, baseline in stale_files(root, planned):
        untouched, _ = file_state(root, Planned(rel, kind, "", {slug: baseline}, True))
        if untouched or force:
            if not untouched:
                report.forced.append(rel)
            (root / rel).unlink()
            report.removed.append(rel)
        else:
            report.refused.append(rel)
            report.reasons[rel] = (
                "its item was renamed or deleted in the database, but the file changed "
                "since it was last loaded; not removed"
            )

    for plan in sorted(plans, key=lambda p: p.rel):
        path = root / plan.rel
        if not path.is_file():
            write_file(path, plan.text)
            report.written.append(plan.rel)
            continue
        if path.read_text(encoding="utf-8") == plan.text:
            report.unchanged.append(plan.rel)
            continue
        untouched, db_changed = (
            (False, False) if plan.kind == SOURCES_KIND else file_state(root, plan)
        )
        if untouched:
            write_file(path, plan.text)  # only the database changed (or the file's form)
            report.written.append(plan.rel)
        elif not db_changed and not force:
            report.kept.append(plan.rel)
            report.reasons[plan.rel] = (
                "the file changed since it was last loaded and the database did not: "
                "load_content will read it"
            )
        elif force:
            write_file(path, plan.text)
            report.written.append(plan.rel)
            report.forced.append(plan.rel)
        else:
            report.refused.append(plan.rel)
            report.reasons[plan.rel] = (
                "changed both in the file and in the database since it was last loaded: "
                "load_content shows the conflict; export --force writes the database's text"
            )
    return report


def write_file(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
