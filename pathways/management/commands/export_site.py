"""Write the public site as static files (pathways.siteexport)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from pathways.siteexport import export_site


class Command(BaseCommand):
    help = "Write every public page, the sitemap, feed, robots.txt, 404 page and static files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the directory to (re)write")
        parser.add_argument(
            "--site-url", default="", help="the public origin (default: the SITE_URL setting)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            export = export_site(
                options["path"], options["site_url"], progress=lambda m: self.stderr.write(m)
            )
        except (ImproperlyConfigured, RuntimeError) as exc:
            raise CommandError(str(exc)) from exc
        for path in export.skipped:
            self.stderr.write(f"skipped {path}: linked, but not a page (404 or a redirect)")
        self.stdout.write(
            f"exported {len(export.pages)} pages, {export.files} files to {export.root}"
        )
