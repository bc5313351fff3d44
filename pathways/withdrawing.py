"""Moved to `pathways.publishing.core` (kept while callers move)."""
from __future__ import annotations

from pathways.publishing.core import withdraw

__all__ = ["withdraw"]
