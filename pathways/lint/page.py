"""What the lint reads and what it says: a page's texts in, findings out.

A page is a list of `Segment`s, each a piece of text a reader sees (the body,
the title, the summary, a stage note...) with the file line its first line
sits on, so every finding names the file's own line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Findings about the `lint_exceptions:` field itself (not a rule in rules.yml).
EXCEPTIONS_RULE = "lint-exceptions"


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


def read_exceptions(value: Any, line: int, lines: list[int] | None = None) -> list[Exception_]:
    """A `lint_exceptions:` list as written (rule and reason per entry), each on its
    own line when `lines` knows it, else on `line`."""
    out = []
    for index, entry in enumerate(value or []):
        if isinstance(entry, dict):
            where = lines[index] if lines and index < len(lines) else line
            out.append(Exception_(str(entry.get("rule", "")), str(entry.get("reason", "")), where))
    return out


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


def lang_of(path: str) -> str:
    path = "/" + path.replace("\\", "/")
    return "es" if "/es/" in path else "en"


class Line(int):
    """A file line that remembers which field of the page it is in."""

    field: str

    def __new__(cls, value: int, field: str = "body") -> Line:
        line = super().__new__(cls, value)
        line.field = field
        return line


def line_of(segment: Segment, pos: int) -> Line:
    return Line(segment.line + segment.text.count("\n", 0, pos), segment.field)


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
