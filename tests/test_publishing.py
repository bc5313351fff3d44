"""The publishing core: every write ends in the same steps (pathways.publishing)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pathways.content.format.canonical import content_hash
from pathways.content.sync.records import record_from_item
from pathways.content_version import content_version
from pathways.models import (
    Article,
    ContentWriteRefused,
    GlossaryTerm,
    Link,
    Redirect,
    SearchEntry,
    Source,
)
from pathways.publishing import batch


def test_a_scripts_save_renders_links_and_indexes(small_site: Path) -> None:
    version = content_version()
    article = Article.objects.get(slug="staying-safe")
    article.body = "Now it links to [[medicine-basics]].\n"
    article.save()
    row = Article.objects.get(pk=article.pk)
    assert 'href="/articles/medicine-basics/"' in row.body_html
    assert list(
        Link.objects.filter(source_slug="staying-safe").values_list("target_slug", flat=True)
    ) == ["medicine-basics"]
    assert "Now it links to" in SearchEntry.objects.get(slug="staying-safe").body
    assert row.current_hash == content_hash("article", record_from_item(row))
    assert content_version() != version


def test_a_rename_by_save_keeps_the_old_address_and_relinks(small_site: Path) -> None:
    article = Article.objects.get(slug="staying-safe")
    article.slug = "keeping-safe"
    article.save()
    assert Redirect.objects.new_slug("article", "staying-safe") == "keeping-safe"
    linker = Article.objects.get(slug="medicine-basics")
    assert 'href="/articles/keeping-safe/"' in linker.body_html
    assert not SearchEntry.objects.filter(slug="staying-safe").exists()


def test_a_new_link_text_reprints_every_linker(small_site: Path) -> None:
    term = GlossaryTerm.objects.get(slug="tolerance")
    term.link_text = "drug tolerance"
    term.save()
    assert ">drug tolerance</a>" in Article.objects.get(slug="medicine-basics").body_html


def test_a_batch_publishes_once_at_its_end(small_site: Path) -> None:
    first = Article.objects.get(slug="staying-safe")
    second = Article.objects.get(slug="medicine-basics")
    with batch():
        for article in (first, second):
            article.body += "\nAdded in one batch.\n"
            article.save()
        # Nothing is published until the batch ends.
        assert "Added in one batch" not in Article.objects.get(pk=first.pk).body_html
    assert all(
        "Added in one batch" in a.body_html
        for a in Article.objects.filter(pk__in=[first.pk, second.pk])
    )


def test_a_batch_that_fails_publishes_nothing(small_site: Path) -> None:
    article = Article.objects.get(slug="staying-safe")
    with pytest.raises(RuntimeError), batch():
        article.body += "\nNever published.\n"
        article.save()
        raise RuntimeError("the writer gave up")
    assert "Never published" not in Article.objects.get(pk=article.pk).body_html


def test_a_source_added_by_a_script_republishes_its_item(small_site: Path) -> None:
    article = Article.objects.get(slug="medicine-basics")
    before = article.current_hash
    Source.objects.create(
        item=article,
        position=3,
        key="s3",
        title="Naloxone for opioid overdose",
        publisher="SAMHSA",
        url="https://www.samhsa.gov/substance-use/treatment/overdose",
        checked=datetime.date(2026, 12, 1),
    )
    row = Article.objects.get(pk=article.pk)
    assert row.current_hash != before
    assert row.current_hash == content_hash("article", record_from_item(row))


def test_a_source_deleted_below_the_minimum_is_refused_and_kept(small_site: Path) -> None:
    article = Article.objects.get(slug="medicine-basics")
    with pytest.raises(ContentWriteRefused, match="at least 2 sources"):
        article.sources.get(key="s2").delete()
    assert article.sources.count() == 2


@pytest.mark.parametrize(
    "write",
    [
        lambda: Article.objects.filter(slug="staying-safe").update(title="Changed in bulk"),
        lambda: Article.objects.filter(slug="staying-safe").update(status="draft"),
        lambda: Article.objects.bulk_create([Article(slug="bulk", title="Bulk")]),
        lambda: Article.objects.bulk_update(list(Article.objects.all()), ["body"]),
    ],
    ids=["update-title", "update-status", "bulk-create", "bulk-update"],
)
def test_bulk_writes_that_would_skip_publishing_are_refused(
    small_site: Path, write: object
) -> None:
    with pytest.raises(ContentWriteRefused, match="save"):
        write()  # type: ignore[operator]


def test_bookkeeping_columns_may_be_updated_in_bulk(small_site: Path) -> None:
    assert Article.objects.filter(slug="staying-safe").update(lint_findings=[]) == 1


def test_a_save_that_changes_no_address_rerenders_no_linker(small_site: Path) -> None:
    article = Article.objects.get(slug="staying-safe")
    article.body += "\nA body change only.\n"
    with CaptureQueriesContext(connection) as queries:
        article.save()
    relinked = [q["sql"] for q in queries.captured_queries if "DELETE FROM" in q["sql"]]
    assert any("source_slug\" = 'staying-safe'" in sql for sql in relinked)  # its own rows
    assert not any(
        "source_slug\" = 'medicine-basics'" in sql for sql in relinked
    )  # not its linker's


def test_a_glossary_link_shows_the_definition_from_the_first_load(small_site: Path) -> None:
    """A link to a term shows its definition, on a cold load and after an edit."""
    linker = Article.objects.get(slug="medicine-basics")
    assert 'title="Needing more of a drug to get the same effect."' in linker.body_html
    term = GlossaryTerm.objects.get(slug="tolerance")
    term.body = "When the same amount of a drug has less effect over time.\n"
    term.save()
    linker.refresh_from_db()
    assert 'title="When the same amount of a drug has less effect over time."' in linker.body_html
