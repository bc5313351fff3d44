"""US English dates, as the site has always written them."""

from __future__ import annotations

DATE_FORMAT = "F j, Y"
