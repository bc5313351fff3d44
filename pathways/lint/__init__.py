"""The medical-safety lint: rules in rules.yml, checks in checks.py, the engine in engine.py.

Used by `manage.py lint_content`, by `load_content` (errors stop the load,
warnings are reported), by the admin's live preview and save, and stored on
each item as `lint_findings` for the dashboard.
"""

from __future__ import annotations

from typing import Any

from pathways.lint.engine import (
    EXCEPTIONS_RULE,
    Exception_,
    Finding,
    PageText,
    Rule,
    Segment,
    lint_page,
    lint_path,
    load_rules,
    segments_from_file,
    segments_from_item,
)

__all__ = [
    "EXCEPTIONS_RULE",
    "Exception_",
    "Finding",
    "PageText",
    "Rule",
    "Segment",
    "lint_form",
    "lint_page",
    "lint_path",
    "load_rules",
    "segments_from_file",
    "segments_from_item",
]


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
    excs = [
        Exception_(str(e.get("rule", "")), str(e.get("reason", "")), 1)
        for e in exceptions or []
        if isinstance(e, dict)
    ]
    folder = {"block": "blocks/", "stage": "stages/", "substance": "substances/"}.get(
        kind, "articles/"
    )
    page = PageText(path or f"{folder}{slug or 'new'}.md", segments, kind, "en", excs)
    return lint_page(page)
