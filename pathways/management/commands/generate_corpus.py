"""Write a synthetic content tree (the real pages plus N generated articles)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from pathways.content.synthetic import generate


class Command(BaseCommand):
    help = "Write a content tree with N generated articles shaped like the real ones."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("count", type=int)
        parser.add_argument("path", type=Path)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        generate(settings.CONTENT_DIR, options["path"], options["count"], options["seed"])
        self.stdout.write(f"wrote {options['count']} articles to {options['path']}")
