"""Running the lint: every rule over a page, exceptions applied; every file under a folder.

The parts it runs live beside it: the rules and the cache key in rules.py, the
page and its findings in page.py, masking and sentences in text.py, building
pages in segments.py, and one check per rule in checks/.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from pathways.lint.checks import CHECKS
from pathways.lint.page import EXCEPTIONS_RULE, Exception_, Finding, PageText
from pathways.lint.rules import Rule, load_rules
from pathways.lint.segments import segments_from_file

__all__ = ["content_files", "lint_page", "lint_path"]


def lint_page(page: PageText, only: Iterable[str] | None = None) -> list[Finding]:
    """Every finding on a page, exceptions applied, sorted by line."""
    rules = load_rules()
    wanted = set(only) if only is not None else None
    excepted = {e.rule for e in page.exceptions}
    used: set[str] = set()
    findings: list[Finding] = []
    for rule_id, rule in rules.items():
        if wanted is not None and rule_id not in wanted:
            continue
        for line, message in CHECKS[rule_id](page, rule):
            if rule_id in excepted:
                used.add(rule_id)
                continue
            where = getattr(line, "field", "body")
            findings.append(Finding(page.path, int(line), rule_id, rule.severity, message, where))
    for exc in page.exceptions:
        problem = _exception_problem(exc, rules, used, wanted)
        if problem is not None:
            severity, message = problem
            findings.append(
                Finding(page.path, exc.line, EXCEPTIONS_RULE, severity, message, "lint_exceptions")
            )
    findings.sort(key=lambda f: (f.line, f.rule))
    return _dedupe(findings)


def _exception_problem(
    exc: Exception_, rules: dict[str, Rule], used: set[str], wanted: set[str] | None
) -> tuple[str, str] | None:
    """(severity, message) when an exception is wrong or no longer needed."""
    if exc.rule not in rules:
        known = ", ".join(rules)
        return "error", f"lint_exceptions names unknown rule '{exc.rule}' (rules: {known})"
    if not exc.reason.strip():
        return "error", f"the exception for '{exc.rule}' needs a reason"
    if exc.rule not in used and (wanted is None or exc.rule in wanted):
        return "warning", f"the exception for '{exc.rule}' matches nothing on this page: remove it"
    return None


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[int, str, str]] = set()
    out = []
    for f in findings:
        key = (f.line, f.rule, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
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
