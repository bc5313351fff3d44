"""The lint engine: texts with their file lines in, findings out.

A page is linted as a list of `Segment`s, each a piece of text a reader sees
(the body, the title, the summary, a stage note...) with the file line its
first line sits on, so every finding names the file's own line. The loader
builds segments from the items it parsed (`segments_from_item`); the
`lint_content` command and the Spanish files use `segments_from_file`, which
reads any content file without the schema; the admin lints the form's fields.

Rules are described in rules.yml (severity, explanation, the reason for the
severity, allow-lists) and checked by one function each in checks.py.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

# LibYAML when available: the rules are read once, but startup matters for the CLI.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

RULES_FILE = Path(__file__).with_name("rules.yml")
SEVERITIES = ("error", "warning")
# Findings about the `lint_exceptions:` field itself (not a rule in rules.yml).
EXCEPTIONS_RULE = "lint-exceptions"
# The one file the overdose steps are written in.
OVERDOSE_STEPS_FILE = "blocks/overdose-steps.md"
# Front-matter fields whose text a reader sees.
VISIBLE_FIELDS = ("title", "summary", "duration", "who")
LIST_FIELDS = ("questions",)
KINDS = {"articles": "article", "stages": "stage", "substances": "substance", "blocks": "block"}


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    explanation: str
    why: str
    data: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    rule: str
    severity: str
    message: str
    field: str = "body"  # which text of the page: body, title, summary, stage_notes.<slug>

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def as_dict(self) -> dict[str, Any]:
        """The form stored on Item.lint_findings and sent to the admin editor."""
        return {
            "path": self.path,
            "line": self.line,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "field": self.field,
        }


@dataclass(frozen=True)
class Segment:
    text: str
    line: int  # file line of the text's first line
    field: str = "body"
    markdown: bool = True


@dataclass(frozen=True)
class Exception_:
    rule: str
    reason: str
    line: int


@dataclass
class PageText:
    """Everything the rules read about one page."""

    path: str  # as findings print it
    segments: list[Segment]
    kind: str = "article"
    lang: str = "en"
    exceptions: list[Exception_] = field(default_factory=list)

    @property
    def rel(self) -> str:
        """The path inside the content folder (without a leading es/)."""
        path = self.path.replace("\\", "/")
        for marker in ("content/es/", "content/"):
            if marker in path:
                path = path.rsplit(marker, 1)[1]
                break
        return path.removeprefix("es/")


Check = Callable[[PageText, Rule], Iterable[tuple[int, str]]]


@cache
@cache
def rules_fingerprint() -> str:
    """A hash of the rules and the code that applies them: findings computed under
    another fingerprint may differ, so they are computed again."""
    digest = hashlib.sha256()
    for path in (RULES_FILE, Path(__file__), Path(__file__).with_name("checks.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def lint_key(file_hash: str) -> str:
    """The key of findings on a file's exact text under the current rules."""
    if not file_hash:
        return ""
    return hashlib.sha256(f"{file_hash}:{rules_fingerprint()}".encode()).hexdigest()


@cache
def load_rules() -> dict[str, Rule]:
    """The rules, read once per process (they change only with a release; the
    lint key above notices when they do). Callers must not change the result."""
    data = yaml.load(RULES_FILE.read_text(encoding="utf-8"), Loader=SafeLoader)  # noqa: S506 (a safe loader)
    rules: dict[str, Rule] = {}
    for entry in data["rules"]:
        entry = dict(entry)
        rule_id = entry.pop("id")
        severity = entry.pop("severity")
        if severity not in SEVERITIES:
            raise ValueError(f"rules.yml: rule {rule_id} has severity {severity!r}")
        rules[rule_id] = Rule(
            id=rule_id,
            severity=severity,
            explanation=" ".join(entry.pop("explanation").split()),
            why=" ".join(entry.pop("why").split()),
            data=entry,
        )
    return rules


# --- Masking: what a reader does not see is blanked out, keeping every offset.

FENCE_RE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
CODE_RE = re.compile(r"`[^`\n]+`")
COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
MD_LINK_RE = re.compile(r"(?<!\!)\[([^\[\]\n]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
CROSS_LINK_RE = re.compile(r"\[\[([^\]\|\n]*)(\|)?([^\]\n]*)\]\]")
URL_RE = re.compile(r"\bhttps?://[^\s)>\]]+")
CITE_RE = re.compile(r"\[\^[a-z0-9]+(?:-[a-z0-9]+)*\]")
INCLUDE_RE = re.compile(r"^\{\{include [a-z0-9-]+\}\}[ \t]*$", re.MULTILINE)
HTML_TAG_RE = re.compile(r"</?[a-zA-Z][^>\n]*>")
QUOTED_RE = re.compile(
    '"[^"\n]{1,80}"|\u201c[^\u201d\n]{1,80}\u201d|\u2018[^\u2019\n]{1,80}\u2019'
    "|\u00ab[^\u00bb\n]{1,80}\u00bb"
)


def blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def _blank_match(match: re.Match[str]) -> str:
    return blank(match.group(0))


def _cross_link(match: re.Match[str]) -> str:
    # [[slug|label]] -> the label; [[slug]] -> the page's title (unknown here).
    if match.group(2):
        start = match.start(3) - match.start(0)
        return " " * start + match.group(3) + "  "
    return blank(match.group(0))


def _md_link(match: re.Match[str]) -> str:
    return " " + match.group(1) + blank(match.group(0)[len(match.group(1)) + 1 :])


def mask(text: str, markdown: bool = True) -> str:
    """The text with code, comments, addresses, link targets and citations blanked."""
    if markdown:
        text = FENCE_RE.sub(_blank_match, text)
        text = CODE_RE.sub(_blank_match, text)
        text = COMMENT_RE.sub(_blank_match, text)
        text = INCLUDE_RE.sub(_blank_match, text)
        text = CROSS_LINK_RE.sub(_cross_link, text)
        text = MD_LINK_RE.sub(_md_link, text)
        text = HTML_TAG_RE.sub(_blank_match, text)
    text = URL_RE.sub(_blank_match, text)
    return CITE_RE.sub(_blank_match, text)


def unquote(text: str) -> str:
    """Quoted words are mentions: blank them too."""
    return QUOTED_RE.sub(_blank_match, text)


# --- Sentences and paragraphs, as offsets into a segment's text.

SENTENCE_END_RE = re.compile(
    r"(?<=[.!?])(?:\[\^[^\]\n]+\])*[\"\u201d\u2019)]*(?:[ \t]+|\n)"
    r"|\n[ \t]*\n"
    r"|\n(?=[ \t]*(?:[-*+][ \t]|\d+[.)][ \t]|#|\|))"
    r"|\|"
)
PARAGRAPH_END_RE = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*(?:[-*+][ \t]|\d+[.)][ \t]|#|\|))")


def spans(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    out, start = [], 0
    for match in pattern.finditer(text):
        out.append((start, match.start()))
        start = match.end()
    out.append((start, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip()]


def sentences(text: str) -> list[tuple[int, int]]:
    return spans(text, SENTENCE_END_RE)


def paragraphs(text: str) -> list[tuple[int, int]]:
    return spans(text, PARAGRAPH_END_RE)


def enclosing(ranges: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for start, end in ranges:
        if start <= pos < end:
            return start, end
    return pos, pos


class Line(int):
    """A file line that remembers which field of the page it is in."""

    field: str

    def __new__(cls, value: int, field: str = "body") -> Line:
        line = super().__new__(cls, value)
        line.field = field
        return line


def line_of(segment: Segment, pos: int) -> Line:
    return Line(segment.line + segment.text.count("\n", 0, pos), segment.field)


# --- Running the rules.


def lint_page(page: PageText, only: Iterable[str] | None = None) -> list[Finding]:
    """Every finding on a page, exceptions applied, sorted by line."""
    from pathways.lint.checks import CHECKS

    rules = load_rules()
    wanted = set(only) if only is not None else None
    excepted = {e.rule for e in page.exceptions}
    used: set[str] = set()
    findings: list[Finding] = []
    for rule_id, rule in rules.items():
        if wanted is not None and rule_id not in wanted:
            continue
        check = CHECKS[rule_id]
        for line, message in check(page, rule):
            if rule_id in excepted:
                used.add(rule_id)
                continue
            where = getattr(line, "field", "body")
            findings.append(Finding(page.path, int(line), rule_id, rule.severity, message, where))
    for exc in page.exceptions:
        if exc.rule not in rules:
            message = f"lint_exceptions names unknown rule '{exc.rule}' (rules: {', '.join(rules)})"
            severity = "error"
        elif not exc.reason.strip():
            message, severity = f"the exception for '{exc.rule}' needs a reason", "error"
        elif exc.rule not in used and (wanted is None or exc.rule in wanted):
            message = f"the exception for '{exc.rule}' matches nothing on this page: remove it"
            severity = "warning"
        else:
            continue
        findings.append(
            Finding(page.path, exc.line, EXCEPTIONS_RULE, severity, message, "lint_exceptions")
        )
    findings.sort(key=lambda f: (f.line, f.rule))
    return _dedupe(findings)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[int, str, str]] = set()
    out = []
    for f in findings:
        key = (f.line, f.rule, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


# --- Building pages.


def lang_of(path: str) -> str:
    path = "/" + path.replace("\\", "/")
    return "es" if "/es/" in path else "en"


def read_exceptions(value: Any, line: int, lines: list[int] | None = None) -> list[Exception_]:
    out = []
    for index, entry in enumerate(value or []):
        if isinstance(entry, dict):
            where = lines[index] if lines and index < len(lines) else line
            out.append(Exception_(str(entry.get("rule", "")), str(entry.get("reason", "")), where))
    return out


def segments_from_item(item: Any) -> PageText:
    """A loader ParsedItem (pathways.content.parsing) as a page to lint."""
    record, lines = item.record, item.lines
    if item.kind == "term":
        body_line = lines.values.get("definition", item.body_line)
        segments = [Segment(record["body"], body_line)]
        if "term" in lines.values:
            segments.append(Segment(record["title"], lines.values["term"], "term", False))
        return PageText(item.path, segments, item.kind, lang_of(item.path))
    segments = [Segment(record["body"], item.body_line)]
    for key in VISIBLE_FIELDS:
        if record.get(key) and key in lines.values:
            segments.append(Segment(record[key], item.file_line(lines.values[key]), key, False))
    for key in LIST_FIELDS:
        for text, line in zip(record.get(key) or [], lines.items.get(key, []), strict=False):
            segments.append(Segment(text, item.file_line(line), key))
    for key, note in (record.get("stage_notes") or {}).items():
        line = lines.values.get(f"stage_notes.{key}")
        if line is not None:
            segments.append(Segment(note, item.file_line(line), f"stage_notes.{key}"))
    exc_lines = [item.file_line(n) for n in lines.items.get("lint_exceptions", [])]
    exc_line = item.file_line(lines.keys.get("lint_exceptions", 1))
    exceptions = read_exceptions(record.get("lint_exceptions"), exc_line, exc_lines)
    return PageText(item.path, segments, item.kind, lang_of(item.path), exceptions)


def segments_from_file(path: Path, shown: str) -> tuple[list[PageText], list[Finding]]:
    """Any content file (markdown with front matter, or a glossary), read as written.

    Independent of the schema, so a Spanish file with fields of its own is
    still linted. Returns the pages and any reading problem as findings.
    """
    from pathways.content.parsing import split_front_matter
    from pathways.content.yamlnodes import YamlError, compose

    try:
        text = path.read_text(encoding="utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Finding(shown, 1, "read", "error", f"cannot read the file: {exc}")]
    lang = lang_of(shown)
    if path.suffix == ".yml":
        if path.name != "glossary.yml":
            return [], []
        try:
            node = compose(text)
        except YamlError as exc:
            return [], [Finding(shown, exc.line, "read", "error", exc.message)]
        pages = []
        for entry in getattr(node, "value", []) or []:
            fields = _mapping(entry)
            segments = []
            for key in ("definition", "term"):
                if key in fields:
                    value, line, _node = fields[key]
                    if isinstance(value, str):
                        segments.append(Segment(value, line, key, key == "definition"))
            if segments:
                pages.append(PageText(shown, segments, "term", lang))
        return pages, []
    parts = split_front_matter(text)
    if parts is None:
        return [], [Finding(shown, 1, "read", "error", "no front matter between '---' lines")]
    yaml_text, body, body_line = parts
    try:
        node = compose(yaml_text)
    except YamlError as exc:
        return [], [Finding(shown, exc.line + 1, "read", "error", exc.message)]
    fields = _mapping(node)
    segments = [Segment(body.strip("\n").rstrip() + "\n", body_line)]
    for key in VISIBLE_FIELDS:
        if key in fields and isinstance(fields[key][0], str):
            segments.append(Segment(fields[key][0].strip(), fields[key][1] + 1, key, False))
    for key in LIST_FIELDS:
        if key in fields and isinstance(fields[key][2], yaml.SequenceNode):
            for element in fields[key][2].value:
                if isinstance(element, yaml.ScalarNode):
                    segments.append(Segment(element.value, element.start_mark.line + 2, key))
    if "stage_notes" in fields and isinstance(fields["stage_notes"][2], yaml.MappingNode):
        for key_node, value_node in fields["stage_notes"][2].value:
            if isinstance(value_node, yaml.ScalarNode):
                line = value_node.start_mark.line + 2
                segments.append(Segment(value_node.value, line, f"stage_notes.{key_node.value}"))
    exceptions: list[Exception_] = []
    if "lint_exceptions" in fields and isinstance(fields["lint_exceptions"][2], yaml.SequenceNode):
        for element in fields["lint_exceptions"][2].value:
            entry = {k.value: v.value for k, v in getattr(element, "value", [])}
            line = element.start_mark.line + 2
            exceptions.append(
                Exception_(str(entry.get("rule", "")), str(entry.get("reason", "")), line)
            )
    kind = KINDS.get(path.parent.name, "crisis")
    return [PageText(shown, segments, kind, lang, exceptions)], []


def _mapping(node: Any) -> dict[str, tuple[Any, int, Any]]:
    """key -> (scalar value or None, 1-based line within the YAML, value node)."""
    out: dict[str, tuple[Any, int, Any]] = {}
    if not isinstance(node, yaml.MappingNode):
        return out
    for key_node, value_node in node.value:
        value = value_node.value if isinstance(value_node, yaml.ScalarNode) else None
        out[str(key_node.value)] = (value, value_node.start_mark.line + 1, value_node)
    return out


def content_files(root: Path) -> Iterator[Path]:
    """Every file the lint reads under a content folder, Spanish files included."""
    if root.is_file():
        yield root
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and (path.suffix == ".md" or path.name == "glossary.yml"):
            if path.name == "README.md":
                continue
            yield path


def lint_path(root: Path, display: Callable[[Path], str] = str) -> list[Finding]:
    findings: list[Finding] = []
    for path in content_files(root):
        pages, problems = segments_from_file(path, display(path))
        findings += problems
        for page in pages:
            findings += lint_page(page)
    return findings
