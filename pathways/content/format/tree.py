"""Walking a content folder: every kind's files, English and translated, into parsed items.

Where each kind's files live comes from its `KindSpec.path`; the same walk reads
content/ (English) and content/<language>/ (translations, with their own schema).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pathways.content.format.parsing import (
    ContentError,
    ParsedItem,
    ParsedTree,
    check_slug,
    display_path,
    parse_domains,
    parse_list_file,
    parse_markdown_file,
)
from pathways.content.format.schema import ENGLISH, FileFormat
from pathways.content.format.translated import TRANSLATED
from pathways.kinds import KINDS, KindSpec


def read_kind(
    tree: ParsedTree, spec: KindSpec, base: str, fmt: FileFormat, example: str
) -> list[ParsedItem]:
    """Every file of one kind under `base` ("" or "es/"); errors go on the tree.

    `example` is a slug for the message about a misnamed numbered file.
    """
    if spec.listed or spec.single:
        rel = base + spec.path
        if not (tree.root / rel).is_file():
            return []
        if spec.listed:
            return parse_list_file(tree, rel, spec.name, fmt)
        single = parse_markdown_file(tree, rel, spec.name, Path(spec.path).stem, fmt)
        return [single] if single is not None else []
    items: list[ParsedItem] = []
    for path in sorted((tree.root / base / spec.folder).glob("*.md")):
        rel = f"{base}{spec.folder}/{path.name}"
        match = spec.file_name.match(path.name)
        if not match:
            tree.error(rel, 1, misnamed(spec, example))
            continue
        if not check_slug(tree, rel, match.group("slug")):
            continue
        item = parse_markdown_file(tree, rel, spec.name, match.group("slug"), fmt)
        if item is not None:
            if spec.numbered:
                item.number = int(match.group("number"))
            items.append(item)
    return items


def misnamed(spec: KindSpec, example: str) -> str:
    """What a file name in the kind's folder must look like, e.g. NN-<slug>.md."""
    name = spec.path.rpartition("/")[2]
    hint = name.replace("{number:02d}", "NN").replace("{slug}", "<slug>")
    return f"{spec.name} files are named {hint}, e.g. {name.format(slug=example, number=3)}"


def parse_tree(root: Path) -> ParsedTree:
    """Read every English content file under root. Errors are collected, not raised."""
    tree = ParsedTree(root=root)
    if not root.is_dir():
        tree.errors.append(ContentError(display_path(root), 0, "content directory not found"))
        return tree
    if (root / "sources.yml").is_file():
        tree.domains = parse_domains(tree, "sources.yml")
    else:
        tree.error("sources.yml", 0, "missing: it lists the domains sources may cite")
    for spec in KINDS.values():
        tree.items += read_kind(tree, spec, "", ENGLISH, "stabilization")
    return tree


@dataclass
class ParsedTranslation:
    language: str
    item: ParsedItem  # kind, slug (the translation's own), path (relative to content/)

    @property
    def english_slug(self) -> str:
        return str(self.item.record["translation_of"])


def parse_language(tree: ParsedTree, language: str) -> list[ParsedTranslation]:
    """Every translation file under content/<language>/ (errors go on the tree)."""
    if not (tree.root / language).is_dir():
        return []
    found: list[ParsedTranslation] = []
    for spec in KINDS.values():
        for item in read_kind(tree, spec, f"{language}/", TRANSLATED, "estabilizacion"):
            # A translated page needs a summary; other translated kinds have none.
            if spec.has_page and not item.record.get("summary"):
                tree.error(item.path, 1, "missing required field 'summary'")
                continue
            found.append(ParsedTranslation(language, item))
    return found
