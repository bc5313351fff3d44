"""Moved to the `pathways.admin` package (`attention`, `diffs`): kept while callers move."""

from __future__ import annotations

from pathways.admin.attention import attention_lists
from pathways.admin.diffs import word_diff

__all__ = ["attention_lists", "word_diff"]
