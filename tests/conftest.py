from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.factories import clear_content

hypothesis_settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.register_profile("dev", max_examples=60, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

FIXTURES = Path(__file__).parent / "content"
# Filled in when the session's database is set up; the real-content test reads it.
REAL_LOAD_ERRORS: list[str] = []


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> None:
    """Every test database starts with the real content loaded, as the site runs."""
    from pathways.content.sync.load import load_content

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        report = load_content(settings.CONTENT_DIR)
        REAL_LOAD_ERRORS.extend(str(e) for e in report.errors)


@pytest.fixture
def empty_db(db: None) -> None:
    """A database with no content, for loader tests on the small fixture trees."""
    clear_content()


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
