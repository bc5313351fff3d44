"""Reading content files into parsed items, collecting every error with its line.

Nothing here touches the database. Each reader records what is wrong on the
`ParsedTree` instead of raising, so one run of the loader reports every
problem at once. `tree.parse_tree` walks the whole content folder with these.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pathways.content.format.fields import SLUG_RE, Lines, read_str_list
from pathways.content.format.schema import ENGLISH, RECORD_KEYS, FileFormat, read_fields
from pathways.content.format.yamlnodes import YamlError, check_tags, compose, mapping_items

MAX_FILE_BYTES = 1_000_000
FRONT_MATTER_FENCE = "---"


@dataclass(frozen=True)
class ContentError:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class ParsedItem:
    kind: str
    slug: str
    path: str  # relative to the content root, with forward slashes
    record: dict[str, Any]  # canonical field values, "body" included
    lines: Lines
    line_offset: int  # add to a YAML line to get the file line
    body_line: int  # file line where the body starts
    number: int | None = None  # numbered kinds (stages) only
    raw_hash: str = ""  # sha256 of the file's text; equals the canonical hash when canonical
    first_line: int = 1  # where the item starts: its entry, in a list file

    def file_line(self, yaml_line: int) -> int:
        return yaml_line + self.line_offset

    def body_first_line(self) -> int:
        """The file line of the body's first line (a list entry's body is a YAML value)."""
        line = self.lines.values.get("body")
        return self.file_line(line) if line is not None else self.body_line


@dataclass
class ParsedTree:
    root: Path
    items: list[ParsedItem] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    errors: list[ContentError] = field(default_factory=list)
    warnings: list[ContentError] = field(default_factory=list)

    def error(self, path: str, line: int, message: str) -> None:
        self.errors.append(ContentError(display_path(self.root / path), line, message))

    def warn(self, path: str, line: int, message: str) -> None:
        self.warnings.append(ContentError(display_path(self.root / path), line, message))


def display_path(path: Path) -> str:
    """The path as the person running the command would type it: relative when it can be."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_text(tree: ParsedTree, rel: str) -> str | None:
    """A file's text as UTF-8 with LF line ends, or None after recording an error."""
    raw = (tree.root / rel).read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        tree.error(rel, 1, f"file is larger than {MAX_FILE_BYTES // 1_000_000} MB")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        tree.error(rel, raw[: exc.start].count(b"\n") + 1, "file is not valid UTF-8")
        return None
    if "\x00" in text:
        tree.error(rel, text[: text.index("\x00")].count("\n") + 1, "file contains a NUL byte")
        return None
    # A byte-order mark and Windows line ends are harmless; accept and normalize them.
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(yaml, body, body_line) or None when the file has no front matter block."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FRONT_MATTER_FENCE:
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() == FRONT_MATTER_FENCE:
            yaml_text = "\n".join(lines[1:index]) + "\n"
            body = "\n".join(lines[index + 1 :])
            body_line = index + 2
            # The body starts at its first non-blank line (if it has one).
            while body.startswith("\n") and body.strip():
                body = body[1:]
                body_line += 1
            return yaml_text, body, body_line
    return None


def normalize_body(body: str) -> str:
    """Canonical body text: LF line ends, no trailing spaces at the ends, one final newline."""
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    return body.rstrip() + "\n" if body.strip() else ""


def parse_markdown_file(
    tree: ParsedTree, rel: str, kind: str, slug: str, fmt: FileFormat = ENGLISH
) -> ParsedItem | None:
    """One markdown file with front matter: the item, or None after recording the error."""
    text = read_text(tree, rel)
    if text is None:
        return None
    return parse_markdown_text(tree, rel, kind, slug, text, fmt)


def parse_markdown_text(
    tree: ParsedTree, rel: str, kind: str, slug: str, text: str, fmt: FileFormat = ENGLISH
) -> ParsedItem | None:
    """A markdown file's text, as if read from `rel` (an admin or script write is checked
    this way: its record serialized as the file it would export to, then read back)."""
    parts = split_front_matter(text)
    if parts is None:
        tree.error(rel, 1, "file must start with front matter between '---' lines")
        return None
    yaml_text, body, body_line = parts
    try:
        node = compose(yaml_text)
        if node is not None:
            check_tags(node)
        record, lines = read_fields(node, kind, "front matter", fmt)
    except YamlError as exc:
        tree.error(rel, exc.line + 1, exc.message)
        return None
    record["body"] = normalize_body(body)
    if not record["body"]:
        tree.error(rel, body_line, "body is empty")
        return None
    raw_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return ParsedItem(
        kind, slug, rel, record, lines, line_offset=1, body_line=body_line, raw_hash=raw_hash
    )


def parse_list_file(
    tree: ParsedTree, rel: str, kind: str, fmt: FileFormat = ENGLISH
) -> list[ParsedItem]:
    """A YAML list of items (the glossary); each record keeps its `slug`."""
    text = read_text(tree, rel)
    if text is None:
        return []
    return parse_list_text(tree, rel, kind, text, fmt)


def parse_list_text(
    tree: ParsedTree, rel: str, kind: str, text: str, fmt: FileFormat = ENGLISH
) -> list[ParsedItem]:
    """A list file's text, as if read from `rel`."""
    try:
        node = compose(text)
        if node is None:
            return []
        check_tags(node)
        if node.tag != "tag:yaml.org,2002:seq":
            raise YamlError(1, "the glossary must be a list of terms")
        items = []
        for entry in node.value:
            record, lines = read_fields(entry, kind, "glossary term", fmt)
            for file_key, record_key in RECORD_KEYS.items():
                record[record_key] = record.pop(file_key)
            record["body"] = normalize_body(record["body"])
            line = entry.start_mark.line + 1
            lines.values["body"] = lines.values.get("definition", line)
            item = ParsedItem(kind, record["slug"], rel, record, lines, 0, line, first_line=line)
            items.append(item)
        return items
    except YamlError as exc:
        tree.error(rel, exc.line, exc.message)
        return []


def parse_domains(tree: ParsedTree, rel: str) -> list[str]:
    text = read_text(tree, rel)
    if text is None:
        return []
    try:
        node = compose(text)
        if node is None:
            raise YamlError(1, "sources.yml is empty")
        check_tags(node)
        for key, line, value in mapping_items(node, "sources.yml"):
            if key != "domains":
                raise YamlError(line, f"unknown field '{key}'")
            return [d.lower() for d in read_str_list(value, "domains", Lines())]
        raise YamlError(1, "sources.yml needs a 'domains' list")
    except YamlError as exc:
        tree.error(rel, exc.line, exc.message)
        return []


def check_slug(tree: ParsedTree, rel: str, slug: str) -> bool:
    if SLUG_RE.match(slug):
        return True
    tree.error(rel, 1, f"bad slug {slug!r}: use lowercase letters, digits and hyphens")
    return False
