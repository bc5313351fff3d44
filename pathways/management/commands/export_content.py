"""Write the database back to content files in canonical form."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from pathways.content.exporting import export_content


class Command(BaseCommand):
    help = "Write every item to its content file in canonical form."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", type=Path, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        root: Path = options["path"] or settings.CONTENT_DIR
        report = export_content(root)
        for path in report.written:
            self.stdout.write(f"wrote {path}")
        self.stdout.write(f"written {len(report.written)}, unchanged {len(report.unchanged)}")
