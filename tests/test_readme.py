"""The README is the operator's manual: every setting and command it names must be real.

A fresh operator copies commands from it; a setting the code reads but the
table leaves out is a setting nobody knows to set.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands

ROOT = Path(settings.BASE_DIR)
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_settings_table_lists_every_setting_the_code_reads() -> None:
    source = (ROOT / "pathways" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'env(?:_bool|_list)?\("([A-Z][A-Z0-9_]+)"', source))
    read |= set(re.findall(r'os\.environ(?:\.get)?[\(\[]"([A-Z][A-Z0-9_]+)"', source))
    table = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", README, re.M))
    assert read - table == set()


def test_every_make_target_the_readme_names_exists() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))
    named = set(re.findall(r"`make ([a-z][a-z-]*)", README))
    assert named and named <= targets


def test_every_management_command_the_readme_names_exists() -> None:
    named = set(re.findall(r'manage(?:\.py| ARGS=")\s*([a-z_]+)', README))
    commands = set(get_commands())
    assert named and named <= commands, named - commands
