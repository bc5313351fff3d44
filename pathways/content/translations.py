"""Former home of the translation loader: `pathways.content.sync.translations`."""

from __future__ import annotations

from pathways.content.sync.translations import refresh_current_hash

__all__ = ["refresh_current_hash"]
