"""Load the curated content files into the database (see README: Content)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from pathways.content.sync.load import load_content

HELP = """Validate every content file, then load them all in one transaction.

PATH is the content folder (default: the project's content/). Every file is
read and checked first; any error is printed as path:line: message and
nothing is written.

The load is a three-way sync, so no edit is lost. Each item remembers what
was last loaded from its file (its baseline):
  file changed, database not        -> updated from the file
  database changed (an admin edit)  -> kept; export_content writes it back
  both changed, to the same text    -> in sync
  both changed, differently         -> conflict: left alone and reported
--force takes the file for conflicts (the replaced text stays in history);
--prune unpublishes items whose files are gone (nothing is deleted).

Exit codes: 0 loaded (warnings may be printed), 1 errors (nothing written),
2 conflicts (everything else was loaded)."""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        from argparse import RawDescriptionHelpFormatter

        kwargs["formatter_class"] = RawDescriptionHelpFormatter
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path", nargs="?", type=Path, default=None, help="content folder (default: content/)"
        )
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
        for warning in report.warnings:
            self.stderr.write(f"{warning} (warning)")
        if report.errors:
            raise CommandError(
                f"{len(report.errors)} error(s); nothing was loaded.", returncode=report.exit_code
            )
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
            raise CommandError(
                "Resolve conflicts with export_content (keep the admin text) "
                "or load_content --force (take the file).",
                returncode=report.exit_code,
            )
