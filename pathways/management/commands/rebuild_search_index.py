"""Rebuild the search index from the published items."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from pathways.search import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the search index from every published item."

    def handle(self, *args: Any, **options: Any) -> None:
        count = rebuild_index()
        self.stdout.write(f"indexed {count} items")
