"""US Spanish dates: 1 de diciembre de 2026."""

from __future__ import annotations

DATE_FORMAT = r"j \d\e F \d\e Y"
