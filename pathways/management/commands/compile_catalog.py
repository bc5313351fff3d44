"""Compile the interface translations (locale/) to .mo files, without gettext tools."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pathways.catalog import compile_catalogs


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po to .mo (pure Python; migrate does this too)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Compile even if up to date.")

    def handle(self, *args: Any, **options: Any) -> None:
        for path in compile_catalogs(force=options["force"]):
            self.stdout.write(f"compiled {path}")
