"""The item form and the sources inline (pathways.admin.forms, sources): the admin
refuses what the loader would refuse, and never loses an editor's work."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client

from pathways.models import Article
from tests.admin_helpers import change_url, form_data, source_prefix

pytest_plugins = ["tests.admin_fixtures"]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_site")]


def test_admin_refuses_a_link_to_no_page_like_the_loader(client: Client, staff: User) -> None:
    """Defect 3: an unknown [[link]] is an error, as it is for load_content."""
    article = Article.objects.get(slug="staying-safe")
    data = form_data(client, article, body=article.body + "\n[[medicine-basic]]\n")
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "unknown link target [[medicine-basic]] (did you mean [[medicine-basics]]?)" in html
    assert "[[medicine-basic]]" not in Article.objects.get(slug="staying-safe").body
    # The renderer is the one reader of links: one in a code span is text.
    data = form_data(client, article, body=article.body + "\nWrite `[[any-slug]]` to link.\n")
    assert client.post(change_url(article), data).status_code == 302


def test_admin_refuses_a_blank_updated_date(client: Client, staff: User) -> None:
    """Defect 3: export would write `updated: null`, which the loader refuses."""
    article = Article.objects.get(slug="staying-safe")
    response = client.post(change_url(article), form_data(client, article, updated=""))
    assert response.status_code == 200
    assert "missing required field &#x27;updated&#x27;" in response.content.decode()
    assert Article.objects.get(pk=article.pk).updated == datetime.date(2026, 11, 1)


def test_admin_refuses_a_source_outside_the_allowed_domains(client: Client, staff: User) -> None:
    """Defect 3: the same domain list (content/sources.yml) and message as the loader."""
    article = Article.objects.get(slug="staying-safe")
    data = form_data(client, article)
    prefix = source_prefix(data)
    data[f"{prefix}-0-url"] = "https://treatment-center.example.com/why-us"
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    assert (
        "source https://treatment-center.example.com/why-us is not on an allowed domain"
        in response.content.decode()
    )
    urls = list(Article.objects.get(pk=article.pk).sources.values_list("url", flat=True))
    assert "https://treatment-center.example.com/why-us" not in urls


def test_admin_refuses_a_published_article_without_sources(client: Client, staff: User) -> None:
    """Defect 3; and an editor may delete a wrong source (defect 9)."""
    article = Article.objects.get(slug="staying-safe")
    data = form_data(client, article)
    prefix = source_prefix(data)
    data[f"{prefix}-0-DELETE"] = "on"
    data[f"{prefix}-1-DELETE"] = "on"
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    assert "A published article cites at least 2 sources" in response.content.decode()
    assert Article.objects.get(pk=article.pk).sources.count() == 2
    # As a draft it may have none yet; the editor's delete goes through.
    data["status"] = "draft"
    assert client.post(change_url(article), data).status_code == 302
    assert Article.objects.get(pk=article.pk).sources.count() == 0


def test_editors_can_delete_a_wrong_source(client: Client, staff: User) -> None:
    article = Article.objects.get(slug="staying-safe")
    html = client.get(change_url(article)).content.decode()
    assert "-0-DELETE" in html  # the inline offers the delete box
    data = form_data(client, article)
    data[f"{source_prefix(data)}-0-DELETE"] = "on"
    data[f"{source_prefix(data)}-TOTAL_FORMS"] = "3"
    prefix = source_prefix(data)
    data.update(
        {
            f"{prefix}-2-position": "2",
            f"{prefix}-2-key": "s3",
            f"{prefix}-2-title": "TIP 63, updated",
            f"{prefix}-2-publisher": "SAMHSA",
            f"{prefix}-2-url": "https://store.samhsa.gov/product/tip-63-2026",
            f"{prefix}-2-checked": "2026-11-30",
        }
    )
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    titles = list(Article.objects.get(pk=article.pk).sources.values_list("title", flat=True))
    assert len(titles) == 2 and "TIP 63, updated" in titles


def test_second_editor_cannot_silently_overwrite_the_first(client: Client, staff: User) -> None:
    article = Article.objects.get(slug="staying-safe")
    first = form_data(client, article, body="First editor's text.")
    second = form_data(client, article, body="Second editor's text.")
    assert client.post(change_url(article), first).status_code == 302
    response = client.post(change_url(article), second)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this page after you opened it" in html
    assert "Second editor&#x27;s text." in html  # their text is still in the form
    assert Article.objects.get(slug="staying-safe").body == "First editor's text.\n"


def test_a_post_without_the_version_is_refused(client: Client, staff: User) -> None:
    """Defect 5: no version is not "no conflict"."""
    article = Article.objects.get(slug="staying-safe")
    data = form_data(client, article, body="Saved without a version.")
    del data["loaded_version"]
    Article.objects.filter(pk=article.pk).update(version=5)  # someone saved meanwhile
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    assert "did not say which version" in response.content.decode()
    assert Article.objects.get(pk=article.pk).body != "Saved without a version.\n"
