"""`manage.py lint_content [PATH]`: the medical-safety lint over content files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

HELP = """Run the medical-safety lint (pathways/lint/rules.yml) over content files.

PATH is a content folder or one file (default: the project's content/,
Spanish files in content/es/ included). Each finding is printed as
    path:line: rule: message
with " (warning)" after a warning. The lint reads each file as written: an
included block is linted once, in its own file, and line numbers are the
file's own. A page's `lint_exceptions:` (rule and reason) silence that rule
on that page; --rules lists every rule with its severity and explanation.

Exit codes: 0 no errors (warnings may be printed), 1 errors."""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        from argparse import RawDescriptionHelpFormatter

        kwargs["formatter_class"] = RawDescriptionHelpFormatter
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path", nargs="?", type=Path, default=None, help="content folder or file"
        )
        parser.add_argument("--rules", action="store_true", help="List the rules and exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        from pathways.content.format.parsing import display_path
        from pathways.lint import lint_path, load_rules

        if options["rules"]:
            for rule in load_rules().values():
                self.stdout.write(f"{rule.id} ({rule.severity}): {rule.explanation}")
                self.stdout.write(f"    why {rule.severity}: {rule.why}")
            return
        root: Path = options["path"] or Path(settings.CONTENT_DIR)
        if not root.exists():
            raise CommandError(f"{root}: no such file or folder", returncode=1)
        findings = lint_path(root, display_path)
        errors = [f for f in findings if f.is_error]
        for finding in findings:
            self.stdout.write(str(finding) + ("" if finding.is_error else " (warning)"))
        summary = f"{len(errors)} error(s), {len(findings) - len(errors)} warning(s)"
        if errors:
            raise CommandError(summary, returncode=1)
        self.stderr.write(summary)
