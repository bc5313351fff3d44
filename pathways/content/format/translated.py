"""The translation files' format: content/<language>/, beside the English.

The layout copies the English one (each kind's `path` under the language's
folder; a translated block keeps its English file name). Each item names the
English item it translates (`translation_of`, an English slug) and the reader
hash of the English text it was translated from (`source_hash`).
"""

from __future__ import annotations

from typing import Any

import yaml

from pathways.content.format.fields import (
    HASH_RE,
    Lines,
    Spec,
    read_date,
    read_slug,
    read_sources,
    read_stage_notes,
    read_status,
    read_str,
    read_str_list,
)
from pathways.content.format.schema import FileFormat
from pathways.content.format.yamlnodes import YamlError, node_line
from pathways.kinds import KINDS

# The languages content/ has a folder for.
LANGUAGES = ("es",)
# The block that is never out of date: a translation of another English text is an error.
ALWAYS_CURRENT_BLOCK = "overdose-steps"
# How a translation whose English text changed since is reported and marked.
STALE_NOTICE = "translation out of date"


def read_english_hash(node: yaml.Node, name: str, lines: Lines) -> str:
    value = read_str(node, name, lines)
    if not HASH_RE.match(value):
        raise YamlError(node_line(node), f"'{name}' must be the 64-character English text hash")
    return value


HEAD: Spec = {
    "title": (read_str, True),
    "link_text": (read_str, False),
    "summary": (read_str, False),
    "translation_of": (read_slug, True),
    "source_hash": (read_english_hash, True),
    "translated": (read_date, True),
}
TAIL: Spec = {
    "updated": (read_date, True),
    "review_due": (read_date, False),
    "valid_until": (read_date, False),
    "sources": (read_sources, False),
    "status": (read_status, True),
}
SCHEMAS: dict[str, Spec] = {
    "article": {**HEAD, "also_called": (read_str_list, False), **TAIL},
    "stage": {
        **HEAD,
        "duration": (read_str, True),
        "who": (read_str, True),
        "questions": (read_str_list, False),
        "also_called": (read_str_list, False),
        **TAIL,
    },
    "substance": {
        **HEAD,
        "also_called": (read_str_list, False),
        "stage_notes": (read_stage_notes, False),
        **TAIL,
    },
    "block": {**HEAD, **TAIL},
    "crisis": {**HEAD, **TAIL},
    "term": {
        "slug": (read_slug, True),
        "term": (read_str, True),
        "link_text": (read_str, False),
        "translation_of": (read_slug, True),
        "source_hash": (read_english_hash, True),
        "translated": (read_date, False),
        "also_called": (read_str_list, False),
        "definition": (read_str, True),
        "status": (read_status, False),
    },
}
EMPTY: dict[str, Any] = {
    "link_text": "",
    "summary": "",
    "also_called": [],
    "questions": [],
    "stage_notes": {},
    "sources": [],
    "review_due": None,
    "valid_until": None,
    "translated": None,
    "duration": "",
    "who": "",
}
TRANSLATED = FileFormat(SCHEMAS, EMPTY)


def translation_path(language: str, kind: str, slug: str, english_slug: str, number: int) -> str:
    """Where a translation's file goes: the English layout under the language's folder.

    A translated block keeps its English name, since pages include it by that.
    """
    spec = KINDS[kind]
    return f"{language}/" + spec.file_path(english_slug if spec.included else slug, number)
