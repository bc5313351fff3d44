"""Former home of `export_content`: `pathways.content.sync.export`."""

from __future__ import annotations

from pathways.content.sync.export import ExportReport, export_content

__all__ = ["ExportReport", "export_content"]
