"""The item admins (pathways.admin.items, kind_admins): saves that render, relink
and keep a revision, drafts, renames, the change lists and the editor's page."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from pathways.content.sync.export import export_content
from pathways.models import Article, GlossaryTerm, Link, Redirect, SearchEntry, Stage, Status
from tests.admin_helpers import change_url, form_data, make_draft, source_prefix, submitted
from tests.factories import load

pytest_plugins = ["tests.admin_fixtures"]  # the fixtures
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_site")]
# Other tests fill in change forms the same way.
__all__ = ["change_url", "form_data", "source_prefix", "submitted"]


def test_admin_save_renders_relinks_reindexes_and_keeps_a_revision(
    client: Client, staff: User
) -> None:
    article = Article.objects.get(slug="staying-safe")
    body = article.body + "\n\nSee also [[next-steps]]. <script>alert(1)</script>\n"
    response = client.post(change_url(article), form_data(client, article, body=body))
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert 'href="/pathway/next-steps/"' in article.body_html
    assert "<script" not in article.body_html
    assert Link.objects.filter(source_slug="staying-safe", target_slug="next-steps").exists()
    latest = article.history.first()
    assert latest.history_user == staff
    assert latest.body == article.body
    assert latest.history_change_reason == "admin edit"
    assert article.version == 2
    assert "See also" in SearchEntry.objects.get(slug="staying-safe").body


def test_history_page_has_no_inline_style_or_script(client: Client, staff: User) -> None:
    """The security policy allows neither, so the page's styling must come from files."""
    article = Article.objects.get(slug="staying-safe")
    client.post(change_url(article), form_data(client, article, body="Changed.\n"))
    revision = article.history.order_by("history_date").first()
    for url in (
        f"/admin/pathways/article/{article.pk}/history/",
        f"/admin/pathways/article/{article.pk}/history/{revision.history_id}/",
        f"/admin/pathways/article/{article.pk}/change/",
        "/admin/pathways/article/add/",
    ):
        html = client.get(url).content.decode()
        assert " style=" not in html, url
        assert "<style" not in html, url
        assert "<script>" not in html, url


def test_new_articles_start_as_drafts_with_the_slug_from_the_title(
    client: Client, staff: User
) -> None:
    response = client.get("/admin/pathways/article/add/")
    form = response.context["adminform"].form
    assert form["status"].value() == Status.DRAFT
    assert form["updated"].value() is not None
    html = response.content.decode()
    assert "prepopulated_fields_json" in html or "data-prepopulated-fields" in html
    assert "#id_slug" in html


def test_editor_css_lays_out_the_preview_beside_the_text(client: Client, staff: User) -> None:
    article = Article.objects.get(slug="staying-safe")
    html = client.get(change_url(article)).content.decode()
    assert "pathways/admin-editor.css" in html
    css = (Path(__file__).parents[1] / "static/pathways/admin-editor.css").read_text()
    assert "@media (min-width: 1200px)" in css and "grid-template-columns" in css
    assert 'a[href="#broken-link"]' in css


def test_draft_is_absent_from_search_backlinks_and_related(client: Client, staff: User) -> None:
    article = Article.objects.get(slug="staying-safe")
    data = form_data(client, article, status="draft")
    assert client.post(change_url(article), data).status_code == 302
    assert not SearchEntry.objects.filter(slug="staying-safe").exists()
    client.logout()
    for url in ("/articles/medicine-basics/", "/pathway/", "/pathway/first-steps/"):
        assert "/articles/staying-safe/" not in client.get(url).content.decode(), url


def test_a_draft_page_links_to_its_preview_and_a_draft_term_to_nothing(
    client: Client, staff: User
) -> None:
    article = Article.objects.get(slug="staying-safe")
    make_draft(article)
    changelist = client.get("/admin/pathways/article/").content.decode()
    assert f'href="/admin/pathways/article/{article.pk}/preview/">Preview draft' in changelist
    term = GlossaryTerm.objects.first()
    assert term is not None
    make_draft(term)
    html = client.get(f"/admin/pathways/glossaryterm/{term.pk}/change/").content.decode()
    assert "viewsitelink" not in html  # a term has no page to preview


def test_slug_change_redirects_and_keeps_links_working(client: Client, staff: User) -> None:
    article = Article.objects.get(slug="staying-safe")
    data = form_data(client, article, slug="staying-safer")
    assert client.post(change_url(article), data).status_code == 302
    assert Redirect.objects.filter(old_slug="staying-safe", new_slug="staying-safer").exists()
    response = client.get("/articles/staying-safe/")
    assert response.status_code == 301 and response["Location"] == "/articles/staying-safer/"
    linker = Article.objects.get(slug="medicine-basics")
    assert 'href="/articles/staying-safer/"' in linker.body_html
    assert Link.objects.filter(source_slug="medicine-basics", target_slug="staying-safer").exists()


def test_ordinary_saves_never_touch_the_review(client: Client, staff: User) -> None:
    article = Article.objects.get(slug="staying-safe")
    Article.objects.filter(pk=article.pk).update(
        reviewed_by="Dana Rivera, MD", reviewed_on=datetime.date(2026, 11, 1)
    )
    data = form_data(client, article, body="New text.\n", reviewed_by="Someone else")
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.reviewed_by == "Dana Rivera, MD"


def test_list_view_has_editor_columns_and_filters(client: Client, staff: User) -> None:
    html = client.get("/admin/pathways/article/").content.decode()
    for text in (
        "Stage",
        "Review",
        "Broken links",
        "Overdue for review",
        "Never clinically reviewed",
        "Has broken links",
        "Orphan",
        "View on site",
    ):
        assert text in html, text
    assert "pathways/admin-editor.css" in html  # the column widths for 1280 px
    overdue = client.get("/admin/pathways/article/", {"review": "never"})
    assert overdue.status_code == 200
    search = client.get("/admin/pathways/article/", {"q": "meds"}).content.decode()
    assert "Medicine basics" in search


def test_admin_edit_is_kept_by_load_and_written_back_by_export(
    client: Client, staff: User, tmp_path: Path
) -> None:
    """The three-way sync holds with real admin saves."""
    root = tmp_path / "exported"
    export_content(root)
    article = Article.objects.get(slug="staying-safe")
    client.post(change_url(article), form_data(client, article, body="Edited in the admin.\n"))

    report = load(root)
    assert report.kept == ["articles/staying-safe.md"]
    assert Article.objects.get(slug="staying-safe").body == "Edited in the admin.\n"

    path = root / "articles" / "staying-safe.md"
    path.write_text(path.read_text().replace("Ways to stay safe.", "Ways to stay safer.", 1))
    report = load(root)
    assert report.conflicts == ["articles/staying-safe.md"] and report.exit_code == 2
    assert Article.objects.get(slug="staying-safe").body == "Edited in the admin.\n"

    report = load(root, force=True)
    assert "Edited in the admin.\n" in [
        h.body for h in Article.objects.get(slug="staying-safe").history.all()
    ]

    data = form_data(client, Article.objects.get(pk=article.pk), body="Second admin edit.\n")
    assert client.post(change_url(article), data).status_code == 302
    export_content(root)
    assert path.read_text().endswith("\n\nSecond admin edit.\n")
    assert load(root).in_sync == ["articles/staying-safe.md"]


def test_stage_admin_page_opens_with_markdownx(client: Client, staff: User) -> None:
    stage = Stage.objects.get(slug="first-steps")
    html = client.get(f"/admin/pathways/stage/{stage.pk}/change/").content.decode()
    assert "markdownx" in html
