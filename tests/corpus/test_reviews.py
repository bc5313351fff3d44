"""Reviews against the real corpus: files and rows hash alike, and pages stay in budget.

The corpus itself carries no review (tests/corpus/test_content_rules.py); reviews
recorded here live only in the test database, rolled back after each test.
"""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pathways.content.format.tree import parse_tree
from pathways.content.sync.records import prefetched
from pathways.models import Article, Stage, Substance
from pathways.reviews import (
    block_hashes,
    included_slugs,
    record_hash,
    record_review,
    review_hash,
)
from tests.budgets import MAX_QUERIES

pytestmark = [pytest.mark.usefixtures("corpus"), pytest.mark.content]

PAGE_KINDS: dict[str, type[Article] | type[Stage] | type[Substance]] = {
    "article": Article,
    "stage": Stage,
    "substance": Substance,
}


def test_every_file_and_its_row_hash_alike() -> None:
    """A review hash written into a file binds to the same text once loaded."""
    tree = parse_tree(settings.CONTENT_DIR)
    assert not tree.errors
    blocks = {
        p.slug: record_hash(dict(p.record, slug=p.slug), {})
        for p in tree.items
        if p.kind == "block"
    }
    assert blocks == block_hashes(blocks) == block_hashes()  # each block's file and row agree
    rows = {
        (kind, row.slug): row for kind, model in PAGE_KINDS.items() for row in prefetched(model)
    }
    compared = 0
    including = 0
    for parsed in tree.items:
        if parsed.kind not in PAGE_KINDS:
            continue
        row = rows[(parsed.kind, parsed.slug)]
        file_hash = record_hash(dict(parsed.record, slug=parsed.slug), blocks)
        assert file_hash == review_hash(row), parsed.path
        compared += 1
        including += bool(included_slugs(row.body))
    assert compared >= 40 and including >= 5


def test_a_reviewed_page_that_includes_blocks_stays_in_its_query_budget(client: Client) -> None:
    article = next(
        a for a in prefetched(Article) if included_slugs(a.body) and a.status == "published"
    )
    record_review(article, "Dana Rivera, MD", datetime.date(2026, 11, 20), "admin")
    # Any page's first request after a change reads the new content version
    # (with Redis, from the database once): not this page's cost.
    assert client.get("/about/").status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Clinically reviewed by Dana Rivera, MD" in response.content.decode()
    assert len(captured) <= MAX_QUERIES, [q["sql"][:80] for q in captured]
    with CaptureQueriesContext(connection) as stored:
        assert client.get(article.get_absolute_url()).status_code == 200
    assert len(stored) <= 1


@pytest.mark.parametrize("slug", ["stabilization", "understanding-oud"])
def test_a_reviewed_stage_stays_in_its_query_budget(client: Client, slug: str) -> None:
    stage = Stage.objects.prefetch_related("sources").get(slug=slug)
    assert included_slugs(stage.body)  # it shows a shared block
    record_review(stage, "Dana Rivera, MD", datetime.date(2026, 11, 20), "admin")
    assert client.get("/about/").status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(stage.get_absolute_url())
    assert "Clinically reviewed by Dana Rivera, MD" in response.content.decode()
    assert len(captured) <= MAX_QUERIES, len(captured)
