"""Former home of the YAML reader: `pathways.content.format.yamlnodes`."""

from __future__ import annotations

from pathways.content.format.yamlnodes import YamlError, compose

__all__ = ["YamlError", "compose"]
