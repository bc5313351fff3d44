"""Write the database back to content files in canonical form, three-way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from pathways.content.sync.export import export_content


class Command(BaseCommand):
    help = (
        "Write what changed in the database to its content files in canonical form. A file "
        "that changed on disk too is refused (named, exit 2) unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", type=Path, default=None)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite (or remove) files that changed on disk as well as in the database.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        root: Path = options["path"] or settings.CONTENT_DIR
        report = export_content(root, force=options["force"])
        for path in report.written:
            forced = " (forced over a change in the file)" if path in report.forced else ""
            self.stdout.write(f"wrote {path}{forced}")
        for path in report.removed:
            forced = " (forced over a change in the file)" if path in report.forced else ""
            self.stdout.write(f"removed {path}{forced}")
        for path in report.kept:
            self.stdout.write(f"kept {path}: {report.reasons[path]}")
        for path in report.refused:
            self.stderr.write(f"refused {path}: {report.reasons[path]}")
        self.stdout.write(report.summary())
        if report.refused:
            raise CommandError(
                f"{len(report.refused)} file(s) changed both on disk and in the database, "
                "and were left alone: " + ", ".join(report.refused) + ". Use --force to write "
                "the database's text over them.",
                returncode=2,
            )
