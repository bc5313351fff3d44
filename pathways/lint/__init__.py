"""The medical-safety lint: rules in rules.yml, one check per rule in checks/.

Used by `manage.py lint_content`, by `load_content` (errors stop the load,
warnings are reported), by the admin's live preview and save, and stored on
each item as `lint_findings` for the dashboard. The modules, by job: rules.py
(reading the rules, the cache key), page.py (a page's texts and its
findings), text.py (what a reader sees), segments.py (pages from files and
parsed items), engine.py (running the rules).
"""

from __future__ import annotations

from typing import Any

from pathways.lint.engine import lint_page, lint_path
from pathways.lint.page import (
    EXCEPTIONS_RULE,
    Exception_,
    Finding,
    PageText,
    Segment,
    read_exceptions,
)
from pathways.lint.rules import Rule, lint_key, load_rules
from pathways.lint.segments import KINDS, segments_from_file, segments_from_item

__all__ = [
    "EXCEPTIONS_RULE",
    "Exception_",
    "Finding",
    "PageText",
    "Rule",
    "Segment",
    "lint_form",
    "lint_key",
    "lint_page",
    "lint_path",
    "load_rules",
    "segments_from_file",
    "segments_from_item",
]

# Page kind -> the content folder its files are in (a term has none: it reads as an article).
FOLDERS = {kind: f"{folder}/" for folder, kind in KINDS.items()}


def lint_form(
    texts: dict[str, str],
    *,
    kind: str = "article",
    slug: str = "",
    exceptions: list[dict[str, Any]] | None = None,
    path: str = "",
) -> list[Finding]:
    """Lint what an editor is writing: field name -> text (the body is markdown).

    Lines are counted within each field (the body's first line is line 1), as
    the editor sees them in the form; the finding's path names the field.
    """
    segments = [
        Segment(text, 1, name, markdown=name == "body" or name.startswith("stage_notes"))
        for name, text in texts.items()
        if text
    ]
    folder = FOLDERS.get(kind, "articles/")
    page = PageText(
        path or f"{folder}{slug or 'new'}.md", segments, kind, "en", read_exceptions(exceptions, 1)
    )
    return lint_page(page)
