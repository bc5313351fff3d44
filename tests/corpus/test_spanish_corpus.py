"""The real Spanish text in content/es/ reads easily.

How Spanish pages, search and out-of-date translations work is tested on the
small fixture tree's translations (tests/test_spanish*.py); this scores the
published Spanish pages themselves, so a hard-to-read translation fails here.
"""

from __future__ import annotations

import statistics

import pytest
import textstat

from pathways.models import Status, Translation
from pathways.rendering import plain_text

pytestmark = pytest.mark.usefixtures("corpus")


def test_spanish_readability() -> None:
    textstat.set_lang("es")
    scores = {}
    for tr in Translation.objects.filter(
        language="es", status=Status.PUBLISHED, kind__in=["article", "stage", "substance"]
    ):
        scores[tr.slug] = textstat.fernandez_huerta(plain_text(tr.body_html))
    textstat.set_lang("en_US")
    assert scores
    low = {slug: round(s) for slug, s in scores.items() if s < 60}
    assert statistics.mean(scores.values()) >= 70, statistics.mean(scores.values())
    assert low == {}
