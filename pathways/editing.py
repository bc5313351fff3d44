"""Moved to `pathways.publishing`: every save now publishes itself (kept while callers move)."""

from __future__ import annotations

from pathways.models import Item
from pathways.publishing.core import Before

__all__ = ["Before", "after_save"]


def after_save(item: Item, before: Before | None = None) -> list[str]:
    """The link targets the saved item names that don't exist (it was published on save)."""
    row = type(item).objects.filter(pk=item.pk).values_list("broken_links", flat=True).first()
    broken: list[str] = list(row or [])
    item.broken_links = broken
    return broken
