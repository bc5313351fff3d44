"""Revisions and restores (pathways.admin.revisions): a revision keeps the item's
sources and substances, and restoring it brings them back."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client

from pathways.models import Article
from pathways.publishing import batch
from tests.admin_helpers import change_url, form_data, restore_url, source_prefix, submitted

pytest_plugins = ["tests.admin_fixtures"]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_site")]

SOURCE_COLUMNS = ("key", "title", "publisher", "url", "edition", "published", "checked")


def sources_of(article: Article) -> list[tuple[object, ...]]:
    return list(article.sources.order_by("position").values_list(*SOURCE_COLUMNS))


def test_restore_brings_back_the_text_and_renders_it(client: Client, staff: User) -> None:
    article = Article.objects.get(slug="staying-safe")
    original = article.body
    client.post(change_url(article), form_data(client, article, body="Replaced text.\n"))
    earlier = list(article.history.order_by("history_date"))[-2]
    data = submitted(client.get(restore_url(article, earlier)), {})
    assert data["body"] == original
    assert client.post(restore_url(article, earlier), data).status_code == 302
    restored = Article.objects.get(pk=article.pk)
    assert restored.body == original
    assert "Replaced text." not in restored.body_html  # rendered again on restore
    latest = restored.history.first()
    assert latest.history_change_reason == f"restored revision #{earlier.history_id}"


def test_restore_brings_back_a_deleted_source_and_a_removed_substance(
    client: Client, staff: User
) -> None:
    article = Article.objects.get(slug="medicine-basics")
    assert client.post(change_url(article), form_data(client, article)).status_code == 302
    kept = Article.objects.get(pk=article.pk).history.first()
    before = sources_of(article)
    assert len(before) == 2
    assert kept.revision_sources[1]["title"] == before[1][1]
    assert kept.revision_substances == ["example-opioid"]

    # A draft may lose a source; this save also drops the substance.
    data = form_data(client, Article.objects.get(pk=article.pk), status="draft")
    data[f"{source_prefix(data)}-1-DELETE"] = "on"
    data["substances"] = []
    assert client.post(change_url(article), data).status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert len(sources_of(article)) == 1 and not article.substances.exists()
    cut = article.history.first()
    assert len(cut.revision_sources) == 1 and cut.revision_substances == []

    form = client.get(restore_url(article, kept))
    assert "Sources in this revision (2)" in form.content.decode()
    data = submitted(form, {})
    assert client.post(restore_url(article, kept), data).status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert sources_of(article) == before
    assert list(article.substances.values_list("slug", flat=True)) == ["example-opioid"]
    assert article.status == "published"
    restored = article.history.first()  # and the restore's own revision says so
    assert len(restored.revision_sources) == 2
    assert restored.revision_substances == ["example-opioid"]


def test_a_revision_that_recorded_no_sources_leaves_them_as_they_are(
    client: Client, staff: User
) -> None:
    article = Article.objects.get(slug="staying-safe")
    first = article.history.order_by("history_date").first()  # made by the load
    assert first.revision_sources is None
    client.post(change_url(article), form_data(client, article, body="Edited.\n"))
    before = sources_of(article)
    form = client.get(restore_url(article, first))
    assert "did not record its sources" in form.content.decode()
    assert client.post(restore_url(article, first), submitted(form, {})).status_code == 302
    assert sources_of(Article.objects.get(pk=article.pk)) == before


def test_a_reviewer_may_read_a_revision_but_not_restore_it(
    client: Client, staff: User, reviewer_client: Client
) -> None:
    article = Article.objects.get(slug="staying-safe")
    client.post(change_url(article), form_data(client, article, body="Edited.\n"))
    earlier = list(article.history.order_by("history_date"))[-2]
    form = reviewer_client.get(restore_url(article, earlier))
    assert form.status_code == 200
    response = reviewer_client.post(restore_url(article, earlier), submitted(form, {}))
    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).body == "Edited.\n"
    assert client.get(f"/admin/pathways/article/{article.pk}/history/999999/").status_code == 404


def test_a_writer_that_saves_sources_after_the_item_records_them() -> None:
    """The loader and scripts save the row first, then its sources: the revision holds them."""
    article = Article.objects.get(slug="staying-safe")
    with batch():  # as the loader writes
        article.body = "A script's edit.\n"
        article.save()
        article.sources.create(
            position=2,
            key="s3",
            title="Naloxone for opioid overdose",
            publisher="SAMHSA",
            url="https://www.samhsa.gov/substance-use/treatment/overdose",
            checked=datetime.date(2026, 12, 1),
        )
    assert [s["key"] for s in article.history.first().revision_sources] == ["s1", "s2", "s3"]
    article.sources.filter(key="s3").delete()  # a script, with no batch
    assert [s["key"] for s in article.history.first().revision_sources] == ["s1", "s2"]
