"""Former home of the schema: `pathways.content.format.schema` and `format.fields`."""

from __future__ import annotations

from pathways.content.format.fields import SOURCE_SPEC
from pathways.content.format.schema import SCHEMAS

__all__ = ["SCHEMAS", "SOURCE_SPEC"]
