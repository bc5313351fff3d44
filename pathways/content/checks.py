"""Former home of the tree checks: `pathways.content.format.checks`."""

from __future__ import annotations

from pathways.content.format.checks import MIN_SOURCES, TOO_FEW_SOURCES, domain_allowed

__all__ = ["MIN_SOURCES", "TOO_FEW_SOURCES", "domain_allowed"]
