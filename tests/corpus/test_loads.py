"""The real content/ loads with zero errors."""

from __future__ import annotations

from pathways.content.sync.batch import LoadReport


def test_the_real_content_loads_with_zero_errors(corpus: LoadReport) -> None:
    assert [str(e) for e in corpus.errors] == []
