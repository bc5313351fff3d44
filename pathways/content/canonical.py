"""Former home of the canonical form: `format.canonical` (file side), `sync.records` (rows)."""

from __future__ import annotations

from pathways.content.format.canonical import content_hash
from pathways.content.sync.records import default_path, record_from_item, source_record

__all__ = ["content_hash", "default_path", "record_from_item", "source_record"]
