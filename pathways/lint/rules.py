"""The rules (rules.yml), read once, and the key under which findings stay valid.

Findings depend on a file's text, the rules and the code that applies them; the
loader stores each item's findings with `lint_key(file_hash)` and lints the
file again only when that key changes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

# LibYAML when available: the rules are read once, but startup matters for the CLI.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PACKAGE = Path(__file__).resolve().parent
RULES_FILE = PACKAGE / "rules.yml"
SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    explanation: str
    why: str
    data: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@cache
def load_rules() -> dict[str, Rule]:
    """The rules, read once per process (they change only with a release; the
    lint key notices when they do). Callers must not change the result."""
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


def fingerprinted_files() -> list[Path]:
    """The rules and every module of the lint, in a fixed order."""
    return [RULES_FILE, *sorted(PACKAGE.rglob("*.py"))]


@cache
def rules_fingerprint() -> str:
    """A hash of the rules and the code that applies them: findings computed under
    another fingerprint may differ, so they are computed again."""
    digest = hashlib.sha256()
    for path in fingerprinted_files():
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def lint_key(file_hash: str) -> str:
    """The key of findings on a file's exact text under the current rules."""
    if not file_hash:
        return ""
    return hashlib.sha256(f"{file_hash}:{rules_fingerprint()}".encode()).hexdigest()
