"""The hash of what a reader sees as a page's text, shared by reviews and translations.

A clinical review is bound to the exact text the reviewer signed, and a
translation to the exact English text it was translated from. Both compare
this hash: the title, link text, summary, body and the other text a reader
sees (a stage's duration, who and questions; a drug's stage notes; a glossary
term's definition and other names), and each source's address and title.
Dates, status and review fields are left out: they are not the medical text.
It is a pure function of a record, so a file and a database row hash alike.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

READER_FIELDS = (
    "title",
    "link_text",
    "summary",
    "body",
    "duration",
    "who",
    "questions",
    "stage_notes",
    "also_called",
)


def reader_text_hash(record: dict[str, Any], blocks: dict[str, str] | None = None) -> str:
    """sha256 of a record's reader-visible text; `blocks` maps included block slugs to
    their own reader hashes, so a change to an included block changes the page's."""
    data: dict[str, Any] = {key: record.get(key) or "" for key in READER_FIELDS}
    if isinstance(data["stage_notes"], dict):
        data["stage_notes"] = dict(sorted(data["stage_notes"].items()))
    data["sources"] = [
        [s.get("id", ""), s.get("title", ""), s.get("url", "")] for s in record.get("sources") or []
    ]
    data["blocks"] = dict(sorted((blocks or {}).items()))
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
