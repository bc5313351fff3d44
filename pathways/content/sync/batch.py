"""One load's state: what it was asked to do, and its report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pathways.content.format.parsing import ContentError, ParsedItem
from pathways.kinds import KINDS

Progress = Callable[[str], None]
PROGRESS_EVERY = 1000


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    in_sync: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    forced: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[ContentError] = field(default_factory=list)
    warnings: list[ContentError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def exit_code(self) -> int:
        if self.errors:
            return 1
        return 2 if self.conflicts else 0

    def summary(self) -> str:
        counts = [
            ("created", self.created),
            ("updated", self.updated),
            ("unchanged", self.unchanged),
            ("kept", self.kept),
            ("in sync", self.in_sync),
            ("conflicts", self.conflicts),
            ("removed", self.removed),
        ]
        return ", ".join(f"{name} {len(paths)}" for name, paths in counts)


@dataclass
class Sync:
    """What a load was asked to do, and what it has done so far.

    The rows it writes are not kept here: each is handed to the publishing
    core as it is saved, and the load's `batch()` publishes them together.
    """

    report: LoadReport = field(default_factory=LoadReport)
    force: bool = False  # take the file for conflicts (the replaced text stays in history)
    prune: bool = False  # unpublish items whose files are gone
    reason: str = "load_content"  # the change reason every revision the load saves carries
    progress: Progress | None = None
    # kind -> slug -> row, for the fields that name other items (REFERENCES).
    refs: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def forced_reason(self) -> str:
        return f"{self.reason} --force"

    @property
    def pruned_reason(self) -> str:
        return f"{self.reason} --prune"

    def tick(self, done: int, total: int, what: str) -> None:
        """Report progress every PROGRESS_EVERY items of a long step."""
        if self.progress and done % PROGRESS_EVERY == 0:
            self.progress(f"{done} of {total} items {what}")


def label(parsed: ParsedItem) -> str:
    """How a report names an item: its path, and its slug in a list file."""
    return f"{parsed.path} ({parsed.slug})" if KINDS[parsed.kind].listed else parsed.path
