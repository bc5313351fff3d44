from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.factories import load

hypothesis_settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.register_profile("dev", max_examples=60, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

# Fixture modules that test modules also import from: rewrite their asserts
# before the first import, so a failing check there reads like one in a test.
pytest.register_assert_rewrite("tests.spanish_helpers", "tests.admin_fixtures")

FIXTURES = Path(__file__).parent / "content"


@pytest.fixture
def small_site(db: None, content_tree: Path) -> Path:
    """The small fixture tree (tests/content/valid) loaded: a crisis box, two stages,
    three articles (one a draft), a drug and a glossary. Returns the tree's copy."""
    report = load(content_tree)
    assert report.errors == [], report.errors
    return content_tree


@pytest.fixture
def content_tree(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of the small valid fixture tree."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "valid", root)
    yield root


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    """Each test starts with an empty cache: database rollbacks don't reach it."""
    from django.core.cache import cache

    cache.clear()
    yield
