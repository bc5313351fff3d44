"""The editing experience: markdownx preview, saves that render and never lose work,
history and diffs, drafts, the review workflow, groups and lockouts."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from pathways.content.exporting import export_content
from pathways.models import Article, Link, Redirect, SearchEntry, Stage, Status
from tests.factories import load

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client: Client) -> User:
    user = User.objects.create_user("editor", password="a long passphrase", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


@pytest.fixture
def reviewer_client() -> Client:
    user = User.objects.create_user("reviewer", password="another passphrase", is_staff=True)
    user.groups.add(Group.objects.get(name="Clinical reviewers"))
    client = Client()
    client.force_login(user)
    return client


def change_url(article: Article) -> str:
    return f"/admin/pathways/article/{article.pk}/change/"


def form_data(client: Client, article: Article, **changes: str) -> dict[str, object]:
    """The article's change form as the browser would submit it, with changes."""
    response = client.get(change_url(article))
    return submitted(response, changes)


def submitted(response: object, changes: dict[str, str]) -> dict[str, object]:
    context = response.context  # type: ignore[attr-defined]
    form = context["adminform"].form
    data: dict[str, object] = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        data[name] = value if isinstance(value, list) else field.prepare_value(value)
    formsets = context.get("inline_admin_formsets", [])
    for formset in formsets:
        fs = formset.formset
        for key in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{fs.prefix}-{key}"] = str(fs.management_form[key].value())
        for subform in fs.forms:
            for name in subform.fields:
                value = subform[name].value()
                if value is not None:
                    data[subform.add_prefix(name)] = str(value)
    data.update(changes)
    return data


def test_preview_uses_the_one_renderer_for_staff(client: Client, staff: User) -> None:
    response = client.post(
        "/admin/markdownx/markdownify/",
        {"content": "See [[naloxone]] <script>alert(1)</script> [[nowhere]]"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="/articles/naloxone/"' in html
    assert "<script" not in html
    assert "nowhere" in html and 'href="/articles/nowhere' not in html


def test_preview_refuses_anonymous_and_non_staff(client: Client) -> None:
    assert client.post("/admin/markdownx/markdownify/", {"content": "x"}).status_code == 403
    User.objects.create_user("reader", password="a long passphrase")
    client.force_login(User.objects.get(username="reader"))
    assert client.post("/admin/markdownx/markdownify/", {"content": "x"}).status_code == 403


def test_image_upload_is_off_and_writes_nothing(
    client: Client, staff: User, tmp_path: Path, settings: pytest.FixtureRequest
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    image = SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
    response = client.post("/admin/markdownx/upload/", {"image": image})
    assert response.status_code == 404
    assert list(tmp_path.iterdir()) == []


def test_admin_save_renders_relinks_reindexes_and_keeps_a_revision(
    client: Client, staff: User
) -> None:
    article = Article.objects.get(slug="naltrexone")
    body = article.body + "\n\nSee also [[loss-of-tolerance]]. <script>alert(1)</script>\n"
    response = client.post(change_url(article), form_data(client, article, body=body))
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert 'href="/articles/loss-of-tolerance/"' in article.body_html
    assert "<script" not in article.body_html
    assert Link.objects.filter(source_slug="naltrexone", target_slug="loss-of-tolerance").exists()
    latest = article.history.first()
    assert latest.history_user == staff
    assert latest.body == article.body
    assert article.version == 2
    assert "See also" in SearchEntry.objects.get(slug="naltrexone").body


def test_admin_warns_about_broken_links(client: Client, staff: User) -> None:
    article = Article.objects.get(slug="naltrexone")
    data = form_data(client, article, body=article.body + "\n[[no-such-page]]\n")
    response = client.post(change_url(article), data, follow=True)
    assert "[[no-such-page]]" in response.content.decode()
    assert Article.objects.get(slug="naltrexone").broken_links == ["no-such-page"]


def test_second_editor_cannot_silently_overwrite_the_first(client: Client, staff: User) -> None:
    article = Article.objects.get(slug="naltrexone")
    first = form_data(client, article, body="First editor's text.")
    second = form_data(client, article, body="Second editor's text.")
    assert client.post(change_url(article), first).status_code == 302
    response = client.post(change_url(article), second)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this page after you opened it" in html
    assert "Second editor&#x27;s text." in html  # their text is still in the form
    assert Article.objects.get(slug="naltrexone").body == "First editor's text.\n"


def test_history_diff_and_restore(client: Client, staff: User) -> None:
    article = Article.objects.get(slug="naltrexone")
    original = article.body
    client.post(change_url(article), form_data(client, article, body="Replaced text.\n"))
    history = list(article.history.order_by("history_date"))
    assert len(history) >= 2
    diff = client.get(
        f"/admin/diff/article/{article.pk}/",
        {"a": history[-2].history_id, "b": history[-1].history_id},
    )
    assert diff.status_code == 200
    html = diff.content.decode()
    assert "diff-added" in html and "Replaced text." in html and "diff-removed" in html
    page = client.get(f"/admin/pathways/article/{article.pk}/history/")
    assert "Compare two revisions" in page.content.decode()
    # Restore the earlier revision through simple-history's revert form.
    restore_url = f"/admin/pathways/article/{article.pk}/history/{history[-2].history_id}/"
    data = submitted(client.get(restore_url), {})
    assert data["body"] == original
    assert client.post(restore_url, data).status_code == 302
    restored = Article.objects.get(pk=article.pk)
    assert restored.body == original
    assert "Replaced text." not in restored.body_html  # rendered again on restore


def test_drafts_get_a_staff_preview_that_is_never_cached(client: Client, staff: User) -> None:
    article = Article.objects.get(slug="naltrexone")
    Article.objects.filter(pk=article.pk).update(status=Status.DRAFT)
    response = client.get(f"/admin/preview/article/{article.pk}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "This draft is not public" in response.content.decode()
    client.logout()
    assert client.get(f"/admin/preview/article/{article.pk}/").status_code == 302


def test_draft_is_absent_from_search_backlinks_and_related(client: Client, staff: User) -> None:
    article = Article.objects.get(slug="naltrexone")
    data = form_data(client, article, status="draft")
    assert client.post(change_url(article), data).status_code == 302
    assert not SearchEntry.objects.filter(slug="naltrexone").exists()
    client.logout()
    for url in ("/articles/buprenorphine/", "/articles/comparing-medications/", "/pathway/"):
        assert "/articles/naltrexone/" not in client.get(url).content.decode(), url
    comparing = client.get("/articles/medications-for-oud/").content.decode()
    assert "/articles/naltrexone/" not in comparing


def test_slug_change_redirects_and_keeps_links_working(client: Client, staff: User) -> None:
    article = Article.objects.get(slug="naltrexone")
    assert (
        client.post(
            change_url(article), form_data(client, article, slug="naltrexone-shot")
        ).status_code
        == 302
    )
    assert Redirect.objects.filter(old_slug="naltrexone", new_slug="naltrexone-shot").exists()
    response = client.get("/articles/naltrexone/")
    assert response.status_code == 301 and response["Location"] == "/articles/naltrexone-shot/"
    linker = Article.objects.get(slug="comparing-medications")
    assert 'href="/articles/naltrexone-shot/"' in linker.body_html
    assert Link.objects.filter(
        source_slug="comparing-medications", target_slug="naltrexone-shot"
    ).exists()


def test_only_clinical_reviewers_can_mark_reviewed(
    client: Client, staff: User, reviewer_client: Client
) -> None:
    article = Article.objects.get(slug="naltrexone")
    action = {"action": "mark_clinically_reviewed", "_selected_action": [str(article.pk)]}
    changelist = "/admin/pathways/article/"
    editor_page = client.get(changelist).content.decode()
    assert "mark_clinically_reviewed" not in editor_page
    client.post(
        changelist,
        {
            **action,
            "apply": "1",
            "reviewer": "Me",
            "reviewed_on": "2026-11-01",
            "review_due": "2027-05-01",
        },
    )
    assert not Article.objects.get(pk=article.pk).clinically_reviewed

    assert "mark_clinically_reviewed" in reviewer_client.get(changelist).content.decode()
    form_page = reviewer_client.post(changelist, action)
    assert "Record the clinical review" in form_page.content.decode()
    today = datetime.date.today()
    response = reviewer_client.post(
        changelist,
        {
            **action,
            "apply": "1",
            "reviewer": "Dana Rivera, MD",
            "reviewed_on": today.isoformat(),
            "review_due": (today + datetime.timedelta(days=180)).isoformat(),
        },
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.reviewed_by == "Dana Rivera, MD" and article.reviewed_on == today
    assert article.review_due == today + datetime.timedelta(days=180)
    assert article.history.first().history_change_reason == "clinical review"


def test_ordinary_saves_never_touch_the_review(client: Client, staff: User) -> None:
    article = Article.objects.get(slug="naltrexone")
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
    overdue = client.get("/admin/pathways/article/", {"review": "never"})
    assert overdue.status_code == 200
    search = client.get("/admin/pathways/article/", {"q": "Vivitrol"}).content.decode()
    assert "Naltrexone" in search


def test_dashboard_lists_what_needs_attention(client: Client, staff: User) -> None:
    Article.objects.filter(slug="naltrexone").update(review_due=datetime.date(2020, 1, 1))
    Article.objects.filter(slug="methadone").update(status=Status.DRAFT)
    html = client.get("/admin/attention/").content.decode()
    assert "Overdue for review (1)" in html
    assert "Drafts (1)" in html
    assert "Never clinically reviewed" in html


def test_groups_have_only_the_permissions_they_need() -> None:
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    reviewers = set(
        Group.objects.get(name="Clinical reviewers").permissions.values_list("codename", flat=True)
    )
    assert "change_article" in editors and "delete_article" not in editors
    assert "mark_reviewed" not in editors
    assert "mark_reviewed" in reviewers and "change_article" not in reviewers


def test_login_locks_after_five_failures(client: Client) -> None:
    User.objects.create_user("victim", password="the right passphrase", is_staff=True)
    for _ in range(5):
        client.post("/admin/login/", {"username": "victim", "password": "wrong"})
    response = client.post(
        "/admin/login/", {"username": "victim", "password": "the right passphrase"}
    )
    assert "locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_admin_edit_is_kept_by_load_and_written_back_by_export(
    client: Client, staff: User, tmp_path: Path
) -> None:
    """The three-way sync holds with real admin saves."""
    root = tmp_path / "content"
    export_content(root)
    article = Article.objects.get(slug="naltrexone")
    client.post(change_url(article), form_data(client, article, body="Edited in the admin.\n"))

    report = load(root)
    assert report.kept == ["articles/naltrexone.md"]
    assert Article.objects.get(slug="naltrexone").body == "Edited in the admin.\n"

    path = root / "articles" / "naltrexone.md"
    path.write_text(path.read_text().replace("Naltrexone", "Naltrexone (changed)", 1))
    report = load(root)
    assert report.conflicts == ["articles/naltrexone.md"] and report.exit_code == 2
    assert Article.objects.get(slug="naltrexone").body == "Edited in the admin.\n"

    report = load(root, force=True)
    assert "Edited in the admin.\n" in [
        h.body for h in Article.objects.get(slug="naltrexone").history.all()
    ]

    data = form_data(client, Article.objects.get(pk=article.pk), body="Second admin edit.\n")
    assert client.post(change_url(article), data).status_code == 302
    export_content(root)
    assert path.read_text().endswith("\n\nSecond admin edit.\n")
    assert load(root).in_sync == ["articles/naltrexone.md"]


def test_stage_admin_page_opens_with_markdownx(client: Client, staff: User) -> None:
    stage = Stage.objects.get(slug="stabilization")
    html = client.get(f"/admin/pathways/stage/{stage.pk}/change/").content.decode()
    assert "markdownx" in html
