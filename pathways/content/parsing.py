"""Former home of the file reader: `pathways.content.format.parsing` and `format.tree`."""

from __future__ import annotations

from pathways.content.format.parsing import (
    ContentError,
    ParsedTree,
    display_path,
    normalize_body,
    parse_markdown_file,
    split_front_matter,
)
from pathways.content.format.tree import parse_tree

__all__ = [
    "ContentError",
    "ParsedTree",
    "display_path",
    "normalize_body",
    "parse_markdown_file",
    "parse_tree",
    "split_front_matter",
]
