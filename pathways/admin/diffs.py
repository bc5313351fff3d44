"""Two revisions of an item compared, word by word, field by field.

Besides the row's own fields, a revision keeps the item's sources and an
article's substances (`pathways.admin.revisions`): they are compared too,
one line per source, when both revisions recorded them.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from django.db.models import Model
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from pathways.content.format.texthash import READER_FIELDS

# What a clinical review covers (pathways.content.format.texthash), then the dates
# and review on record.
DIFF_FIELDS = [
    *READER_FIELDS,
    "status",
    "updated",
    "review_due",
    "valid_until",
    "reviewed_by",
    "reviewed_on",
]
# What a revision keeps beside its row, with the label the diff page gives it.
RELATIONS = {"revision_sources": "sources", "revision_substances": "substances"}
# Unchanged words kept either side of a change in a word diff (tokens include spaces).
DIFF_CONTEXT = 40


def revision_changes(model: type[Model], older: Any, newer: Any) -> list[tuple[str, SafeString]]:
    """(label, marked diff) for each field that differs between the two revisions."""
    changes = []
    for name in DIFF_FIELDS:
        if not hasattr(older, name):
            continue
        before, after = str(getattr(older, name) or ""), str(getattr(newer, name) or "")
        if before != after:
            label = getattr(model._meta.get_field(name), "verbose_name", name)
            changes.append((str(label), word_diff(before, after)))
    for name, label in RELATIONS.items():
        before_rows, after_rows = getattr(older, name, None), getattr(newer, name, None)
        if before_rows is None or after_rows is None or before_rows == after_rows:
            continue  # not recorded on one side: nothing to say either way
        changes.append((label, word_diff(relation_text(before_rows), relation_text(after_rows))))
    return changes


def relation_text(rows: list[Any]) -> str:
    """Recorded sources (or substance slugs) as text, one per line, for a word diff."""
    lines = []
    for row in rows:
        if isinstance(row, dict):
            parts = [row.get("publisher", ""), row.get("title", ""), row.get("url", "")]
            parts += [
                f"{key} {row[key]}" for key in ("edition", "published", "checked") if row.get(key)
            ]
            key = f"[^{row['key']}] " if row.get("key") else ""
            lines.append(key + " · ".join(p for p in parts if p))
        else:
            lines.append(str(row))
    return "\n".join(lines)


def word_diff(before: str, after: str, context: int = DIFF_CONTEXT) -> SafeString:
    """The two texts compared word by word: removed words in <del>, added in <ins>.

    Every piece of text is escaped here, before the marks go round it; this
    is the one place the diff page's HTML is made, and why it may be marked
    safe. Long unchanged stretches are cut to `context` tokens either side.
    """
    old, new = re.findall(r"\s+|\S+", before), re.findall(r"\s+|\S+", after)
    parts: list[str] = []
    runs = diff_runs(old, new)
    for index, (same, removed, added) in enumerate(runs):
        if same is not None:
            head = same[:context] if index > 0 else []
            tail = same[-context:] if index < len(runs) - 1 else []
            if len(head) + len(tail) >= len(same):
                parts.append(str(escape("".join(same))))
            else:
                parts.append(str(escape("".join(head))))
                parts.append('<span class="diff-hunk">…</span>')
                parts.append(str(escape("".join(tail))))
            continue
        if removed:
            parts.append(f'<del class="diff-removed">{escape("".join(removed))}</del>')
        if added:
            parts.append(f'<ins class="diff-added">{escape("".join(added))}</ins>')
    return mark_safe("".join(parts))  # noqa: S308 - every text part is escaped above


Run = tuple[list[str] | None, list[str], list[str]]


def diff_runs(old: list[str], new: list[str]) -> list[Run]:
    """(unchanged tokens, None, None) or (None, removed, added), in order.

    A change of several words reads as one change: the single spaces that
    the two texts share between changed words join the change on both sides.
    """
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    runs: list[Run] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            runs.append((old[i1:i2], [], []))
        else:
            runs.append((None, old[i1:i2], new[j1:j2]))
    merged: list[Run] = []
    for index, run in enumerate(runs):
        same = run[0]
        between = 0 < index < len(runs) - 1 and merged and merged[-1][0] is None
        if same is not None and between and all(not t.strip() for t in same):
            previous = merged.pop()
            merged.append((None, previous[1] + same, previous[2] + same))
        elif same is None and merged and merged[-1][0] is None:
            previous = merged.pop()
            merged.append((None, previous[1] + run[1], previous[2] + run[2]))
        else:
            merged.append(run)
    return merged
