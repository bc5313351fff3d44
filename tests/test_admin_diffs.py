"""Revisions compared (pathways.admin.diffs and the history page's picker)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from pathways.admin.diffs import word_diff
from pathways.models import Article
from tests.admin_helpers import change_url, diff_url, form_data, source_prefix

pytest_plugins = ["tests.admin_fixtures"]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_site")]


def last_two(article: Article) -> dict[str, int]:
    older, newer = list(article.history.order_by("history_date"))[-2:]
    return {"a": older.history_id, "b": newer.history_id}


def test_the_diff_shows_what_a_save_changed(client: Client, staff: User) -> None:
    article = Article.objects.get(slug="staying-safe")
    client.post(change_url(article), form_data(client, article, body="Replaced text.\n"))
    diff = client.get(diff_url(article), last_two(article))
    assert diff.status_code == 200
    html = diff.content.decode()
    assert "diff-added" in html and "Replaced text." in html and "diff-removed" in html
    assert "Opioid Treatment Pathway: editors" in html  # the admin's own header
    assert "Django administration" not in html
    page = client.get(f"/admin/pathways/article/{article.pk}/history/").content.decode()
    assert "Compare two revisions" in page
    assert f'action="{diff_url(article)}"' in page
    assert client.get(diff_url(article), {"a": "x", "b": "1"}).status_code == 404


def test_diff_is_word_by_word_and_escaped(client: Client, staff: User) -> None:
    article = Article.objects.get(slug="staying-safe")
    body = article.body.replace("Stay safe.", "Stay <b>very</b> safe.")
    client.post(change_url(article), form_data(client, article, body=body))
    html = client.get(diff_url(article), last_two(article)).content.decode()
    # One changed word shows as that word, not the whole paragraph replaced.
    assert re.search(r'<ins class="diff-added">\s*&lt;b&gt;very&lt;/b&gt;\s*</ins>', html)
    assert "<del" not in html.split('class="diff"', 1)[1].split("</div>", 1)[0]
    assert "<b>very</b>" not in html


def test_the_diff_shows_a_changed_source(client: Client, staff: User) -> None:
    """Revisions keep their sources, so a source's change shows like the text's."""
    article = Article.objects.get(slug="staying-safe")
    client.post(change_url(article), form_data(client, article, body="First.\n"))
    data = form_data(client, Article.objects.get(pk=article.pk))
    data[f"{source_prefix(data)}-0-title"] = "TIP 63, the 2026 edition"
    assert client.post(change_url(article), data).status_code == 302
    html = client.get(diff_url(article), last_two(article)).content.decode()
    assert "<h2>Sources</h2>" in html
    assert re.search(r'<ins class="diff-added">[^<]*2026 edition', html)


def test_word_diff_cuts_long_unchanged_stretches() -> None:
    before = " ".join(f"w{i}" for i in range(500))
    after = before.replace("w250", "changed")
    html = str(word_diff(before, after))
    assert '<del class="diff-removed">w250</del>' in html
    assert '<ins class="diff-added">changed</ins>' in html
    assert html.count("diff-hunk") == 2 and "w0 " not in html and "w499" not in html


def test_revision_picker_labels_are_unique(client: Client, staff: User) -> None:
    article = Article.objects.get(slug="staying-safe")
    for text in ("One.\n", "Two.\n"):
        data = form_data(client, Article.objects.get(pk=article.pk), body=text)
        assert client.post(change_url(article), data).status_code == 302
    html = client.get(f"/admin/pathways/article/{article.pk}/history/").content.decode()
    select = html.split('id="diff-a"', 1)[1].split("</select>", 1)[0]
    labels = [part.rsplit(">", 1)[1] for part in select.split("</option>")[:-1]]
    assert len(labels) == 3 and len(set(labels)) == 3
    assert all(label.startswith("#") for label in labels)
