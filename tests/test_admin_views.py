"""The staff pages beside the admin (pathways.admin.views, attention, urls, and the
site in pathways.admin_site): the live preview, draft previews, the dashboard,
and who may open each."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from pathways.models import Article, GlossaryTerm
from tests.admin_helpers import diff_url, make_draft

pytest_plugins = ["tests.admin_fixtures"]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_site")]

PREVIEW = "/admin/markdownx/markdownify/"


def preview_url(article: Article) -> str:
    return f"/admin/pathways/article/{article.pk}/preview/"


def test_staff_pages_are_the_admins_own(settings: pytest.FixtureRequest) -> None:
    """Mounted by the admin site and the model admins, where markdownx's widget posts."""
    assert reverse("admin:markdownx_markdownify") == settings.MARKDOWNX_URLS_PATH  # type: ignore[attr-defined]
    assert reverse("admin:markdownx_upload") == settings.MARKDOWNX_UPLOAD_URLS_PATH  # type: ignore[attr-defined]
    assert reverse("admin:attention") == "/admin/attention/"
    assert reverse("admin:pathways_stage_preview", args=[7]) == "/admin/pathways/stage/7/preview/"
    assert reverse("admin:pathways_block_diff", args=[7]) == "/admin/pathways/block/7/diff/"


def test_preview_uses_the_one_renderer_for_staff(client: Client, staff: User) -> None:
    response = client.post(
        PREVIEW, {"content": "See [[medicine-basics]] <script>alert(1)</script> [[nowhere]]"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="/articles/medicine-basics/"' in html
    assert "<script" not in html
    assert "nowhere" in html and 'href="/articles/nowhere' not in html
    # The editor sees the broken link marked, and named above the preview.
    assert '<a href="#broken-link"' in html and "<code>[[nowhere]]</code>" in html


def test_preview_refuses_anonymous_and_non_staff(client: Client) -> None:
    assert client.post(PREVIEW, {"content": "x"}).status_code == 403
    User.objects.create_user("reader", password="a long passphrase")
    client.force_login(User.objects.get(username="reader"))
    assert client.post(PREVIEW, {"content": "x"}).status_code == 403


def test_staff_without_permissions_see_no_staff_page(client: Client) -> None:
    """Defect 6: is_staff alone opens nothing."""
    user = User.objects.create_user("bare", password="a long passphrase", is_staff=True)
    client.force_login(user)
    article = Article.objects.get(slug="staying-safe")
    make_draft(article)
    history = article.history.first()
    assert client.get("/admin/attention/").status_code == 403
    assert client.get(preview_url(article)).status_code == 403
    diff = client.get(diff_url(article), {"a": history.history_id, "b": history.history_id})
    assert diff.status_code == 403
    assert client.post(PREVIEW, {"content": "x"}).status_code == 403


def test_reviewers_may_view_but_not_use_the_editors_preview(reviewer_client: Client) -> None:
    article = Article.objects.get(slug="staying-safe")
    assert reviewer_client.get("/admin/attention/").status_code == 200
    assert reviewer_client.get(preview_url(article)).status_code == 200
    assert reviewer_client.post(PREVIEW, {"content": "x"}).status_code == 403


def test_image_upload_is_off_and_writes_nothing(
    client: Client, staff: User, tmp_path: Path, settings: pytest.FixtureRequest
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = str(media)  # type: ignore[attr-defined]
    image = SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
    response = client.post("/admin/markdownx/upload/", {"image": image})
    assert response.status_code == 404
    assert list(media.iterdir()) == []


def test_drafts_get_a_staff_preview_that_is_never_cached(client: Client, staff: User) -> None:
    article = Article.objects.get(slug="staying-safe")
    make_draft(article)
    response = client.get(preview_url(article))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "This draft is not public" in response.content.decode()
    assert client.get(f"/admin/pathways/article/{article.pk + 1000}/preview/").status_code == 404
    client.logout()
    assert client.get(preview_url(article)).status_code == 302  # to the admin's login


def test_dashboard_lists_what_needs_attention(client: Client, staff: User) -> None:
    Article.objects.filter(slug="staying-safe").update(review_due=datetime.date(2020, 1, 1))
    make_draft(Article.objects.get(slug="medicine-basics"))
    html = client.get("/admin/attention/").content.decode()
    assert "Overdue for review (1)" in html
    assert "Drafts (2)" in html  # and draft-notes
    assert "Never clinically reviewed" in html
    draft = Article.objects.get(slug="medicine-basics")
    assert f'href="{preview_url(draft)}">preview</a>' in html
    # The admin's home links to it.
    assert 'href="/admin/attention/"' in client.get("/admin/").content.decode()


def test_dashboard_links_every_kind_to_its_own_admin(client: Client, staff: User) -> None:
    """A glossary term's kind ("term") is not its model's name: the link is still right."""
    term = GlossaryTerm.objects.first()
    assert term is not None
    finding = {"line": 1, "rule": "dose", "severity": "warning", "message": "m", "path": "x"}
    GlossaryTerm.objects.filter(pk=term.pk).update(lint_findings=[finding])
    response = client.get("/admin/attention/")
    assert response.status_code == 200
    assert f'href="/admin/pathways/glossaryterm/{term.pk}/change/"' in response.content.decode()


def test_login_locks_after_five_failures(client: Client) -> None:
    User.objects.create_user("victim", password="the right passphrase", is_staff=True)
    for _ in range(5):
        client.post("/admin/login/", {"username": "victim", "password": "wrong"})
    response = client.post(
        "/admin/login/", {"username": "victim", "password": "the right passphrase"}
    )
    assert "locked" in response.content.decode()
    assert "_auth_user_id" not in client.session
