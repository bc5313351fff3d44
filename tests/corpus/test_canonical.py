"""content/ is in canonical form: exporting what it loads reproduces it byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from pathways.content.sync.export import export_content
from tests.test_sync import assert_same_tree

pytestmark = [pytest.mark.usefixtures("corpus"), pytest.mark.content]


def test_real_content_is_in_canonical_form(tmp_path: Path) -> None:
    out = tmp_path / "export"
    export_content(out)
    assert_same_tree(settings.CONTENT_DIR, out, ignore={"README.md"})
