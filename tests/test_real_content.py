"""The real content/ loads with zero errors."""

from __future__ import annotations

import pytest

from tests.conftest import REAL_LOAD_ERRORS

pytestmark = pytest.mark.content


def test_real_content_loads_with_zero_errors(db: None) -> None:
    assert REAL_LOAD_ERRORS == []
