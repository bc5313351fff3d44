"""Former home of `load_content`: `pathways.content.sync.load`."""

from __future__ import annotations

from pathways.content.sync.batch import LoadReport
from pathways.content.sync.load import load_content
from pathways.content.sync.records import prefetched

__all__ = ["LoadReport", "load_content", "prefetched"]
