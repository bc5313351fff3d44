"""Former home of the reader-text hash: `pathways.content.format.texthash`."""

from __future__ import annotations

from pathways.content.format.texthash import READER_FIELDS, reader_text_hash

__all__ = ["READER_FIELDS", "reader_text_hash"]
