"""Moved to `pathways.search.spanish`; kept until every import names the new place."""

from __future__ import annotations

from pathways.search.spanish import forget_translation, index_translation, search

__all__ = ["forget_translation", "index_translation", "search"]
