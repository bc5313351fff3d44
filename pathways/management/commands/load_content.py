"""Load the curated content files into the database (see README: Content)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from pathways.content.loading import load_content


class Command(BaseCommand):
    help = "Validate every content file, then load them in one transaction (three-way sync)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", type=Path, default=None)
        parser.add_argument("--dry-run", action="store_true", help="Show what would change.")
        parser.add_argument(
            "--force", action="store_true", help="Take the file for conflicts (kept in history)."
        )
        parser.add_argument(
            "--prune", action="store_true", help="Unpublish items whose files are gone."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        root: Path = options["path"] or settings.CONTENT_DIR
        report = load_content(
            root,
            dry_run=options["dry_run"],
            force=options["force"],
            prune=options["prune"],
            progress=lambda message: self.stderr.write(message),
        )
        for error in report.errors:
            self.stderr.write(str(error))
        if report.errors:
            self.stderr.write(f"{len(report.errors)} error(s); nothing was loaded.")
            sys.exit(report.exit_code)
        for path in report.kept:
            self.stdout.write(f"kept (edited in the admin; export_content writes it back): {path}")
        for path in report.forced:
            self.stdout.write(f"forced (admin text kept in history): {path}")
        for path in report.conflicts:
            self.stderr.write(
                f"conflict (changed in the file and in the admin; left alone): {path}"
            )
        prefix = "dry run, nothing written: " if report.dry_run else ""
        self.stdout.write(prefix + report.summary())
        if report.conflicts:
            self.stderr.write(
                "Resolve conflicts with export_content (keep the admin text) "
                "or load_content --force (take the file)."
            )
            sys.exit(report.exit_code)
