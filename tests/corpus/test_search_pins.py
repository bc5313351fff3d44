"""The real content answers every crisis pin the code names.

How pins behave is tested on made articles in tests/search/test_pins.py; this
checks that content/ has a published page for each pin, so a rename or a
withdrawal there that strands a pin fails here.
"""

from __future__ import annotations

import pytest

from pathways.search import CRISIS_PINS, missing_pins, resolve_pins, search

pytestmark = pytest.mark.usefixtures("corpus")


def test_every_crisis_pin_finds_a_published_article() -> None:
    assert missing_pins() == []


@pytest.mark.parametrize(
    ("query", "kind"),
    [("someone is not breathing", "overdose"), ("suicide", "suicide"), ("emergency", "general")],
)
def test_crisis_queries_put_the_real_pinned_pages_first(query: str, kind: str) -> None:
    pins = resolve_pins(CRISIS_PINS[kind])  # a page renamed in content/ keeps its pin
    results = search(query).results[: len(pins)]
    assert [r.slug for r in results] == pins
    assert all(r.pinned for r in results)
