"""Moved to `pathways.search.backends.sqlite`; kept until every import names the new place."""

from __future__ import annotations

from pathways.search.backends.sqlite import TRIGGERS, ensure_index, missing_triggers

__all__ = ["TRIGGERS", "ensure_index", "missing_triggers"]
