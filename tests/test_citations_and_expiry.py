"""A source for each claim, and facts that expire on the day their rule does.

Both run on the small fixture tree, so an editor's change to the real corpus
never breaks them.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import load

pytestmark = pytest.mark.django_db


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, rel
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(root: Path, rel: str, needle: str) -> int:
    lines = (root / rel).read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if needle in line)


@pytest.fixture
def cited(db: None, content_tree: Path) -> Path:
    edit(content_tree, "articles/staying-safe.md", "Stay safe.", "Stay safe.[^s1] Both[^s2][^s1].")
    assert load(content_tree).errors == []
    return content_tree


def test_a_citation_links_to_its_source_and_the_source_links_back(
    cited: Path, client: Client
) -> None:
    html = client.get("/articles/staying-safe/").content.decode()
    # Numbered by the sources list's order; each use has its own anchor.
    assert '<sup class="cite" id="cite-s1-1"><a aria-label="Source 1" href="#source-s1"' in html
    assert 'id="cite-s2-1"' in html and 'id="cite-s1-2"' in html
    assert '<li id="source-s1">' in html
    assert 'href="#cite-s1-1"' in html and 'href="#cite-s2-1"' in html


def test_an_unknown_citation_is_an_error_at_its_line(db: None, content_tree: Path) -> None:
    rel = "articles/staying-safe.md"
    edit(content_tree, rel, "Stay safe.", "Stay safe.[^nowhere]")
    report = load(content_tree)
    line = line_of(content_tree, rel, "[^nowhere]")
    assert [str(e).split(f"{rel}:", 1)[1] for e in report.errors] == [
        f"{line}: unknown source id [^nowhere]: no source has it"
    ]


def test_a_source_nothing_cites_is_a_warning(db: None, content_tree: Path) -> None:
    report = load(content_tree)  # staying-safe cites neither of its sources
    assert report.errors == []
    rel = "articles/staying-safe.md"
    assert any(
        f"{rel}:{line_of(content_tree, rel, 'id: s2')}: source 's2' is listed but nothing cites it"
        in str(w)
        for w in report.warnings
    )


def test_review_due_after_valid_until_is_refused(db: None, content_tree: Path) -> None:
    rel = "articles/staying-safe.md"
    edit(
        content_tree,
        rel,
        "updated: 2026-11-01\n",
        "updated: 2026-11-01\nvalid_until: 2026-12-31\nreview_due: 2027-03-01\n",
    )
    report = load(content_tree)
    line = line_of(content_tree, rel, "review_due:")
    assert any(
        f"{rel}:{line}: review_due 2027-03-01 is after valid_until" in str(e) for e in report.errors
    )


def on(day: datetime.date, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)


def test_the_expiry_notice_follows_the_date_with_no_one_running_anything(
    db: None, content_tree: Path, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(
        content_tree,
        "articles/staying-safe.md",
        "updated: 2026-11-01\n",
        "updated: 2026-11-01\nvalid_until: 2026-12-31\nreview_due: 2026-12-31\n",
    )
    assert load(content_tree).errors == []
    notice = "Some rules described here may have changed after December 31, 2026."

    on(datetime.date(2026, 12, 31), monkeypatch)  # the last day the facts hold
    last_day = client.get("/articles/staying-safe/")
    assert notice not in last_day.content.decode()

    on(datetime.date(2027, 1, 1), monkeypatch)  # the day after: no load, no save
    next_day = client.get("/articles/staying-safe/")
    assert notice in next_day.content.decode()
    assert "We are checking this page." in next_day.content.decode()
    assert next_day["ETag"] != last_day["ETag"]  # caches and browsers see the change
    # The page loads as it is (exit 0): a past date is what the notice is for.
    assert load(content_tree).exit_code == 0
