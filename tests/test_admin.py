"""The editing experience: markdownx preview, saves that render and never lose work,
history and diffs, drafts, the review workflow, groups and lockouts.

Every test runs on the small fixture tree (tests/content/valid), not the real
corpus, so an editor's rename in content/ never breaks them.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from pathways.content.exporting import export_content
from pathways.models import ITEM_MODELS, Article, Link, Redirect, SearchEntry, Stage, Status
from tests.factories import load

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def loaded(empty_db: None, content_tree: Path) -> Path:
    for model in ITEM_MODELS.values():  # every kind, whatever clear_content knows of
        model._default_manager.all().delete()
    report = load(content_tree)
    assert report.errors == [], report.errors
    return content_tree


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


def source_prefix(data: dict[str, object]) -> str:
    """The sources inline's form prefix, e.g. 'pathways-source-content_type-object_id'."""
    return next(k for k in data if k.endswith("-TOTAL_FORMS")).removesuffix("-TOTAL_FORMS")


def test_preview_uses_the_one_renderer_for_staff(client: Client, staff: User) -> None:
    response = client.post(
        "/admin/markdownx/markdownify/",
        {"content": "See [[medicine-basics]] <script>alert(1)</script> [[nowhere]]"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="/articles/medicine-basics/"' in html
    assert "<script" not in html
    assert "nowhere" in html and 'href="/articles/nowhere' not in html
    # The editor sees the broken link marked, and named above the preview.
    assert '<a href="#broken-link"' in html and "<code>[[nowhere]]</code>" in html


def test_preview_refuses_anonymous_and_non_staff(client: Client) -> None:
    assert client.post("/admin/markdownx/markdownify/", {"content": "x"}).status_code == 403
    User.objects.create_user("reader", password="a long passphrase")
    client.force_login(User.objects.get(username="reader"))
    assert client.post("/admin/markdownx/markdownify/", {"content": "x"}).status_code == 403


def test_staff_without_permissions_see_no_staff_page(client: Client) -> None:
    """Defect 6: is_staff alone opens nothing."""
    user = User.objects.create_user("bare", password="a long passphrase", is_staff=True)
    client.force_login(user)
    article = Article.objects.get(slug="staying-safe")
    Article.objects.filter(pk=article.pk).update(status=Status.DRAFT)
    history = article.history.first()
    assert client.get("/admin/attention/").status_code == 403
    assert client.get(f"/admin/preview/article/{article.pk}/").status_code == 403
    diff = client.get(
        f"/admin/diff/article/{article.pk}/",
        {"a": history.history_id, "b": history.history_id},
    )
    assert diff.status_code == 403
    preview = client.post("/admin/markdownx/markdownify/", {"content": "x"})
    assert preview.status_code == 403


def test_reviewers_may_view_but_not_use_the_editors_preview(reviewer_client: Client) -> None:
    article = Article.objects.get(slug="staying-safe")
    assert reviewer_client.get("/admin/attention/").status_code == 200
    assert reviewer_client.get(f"/admin/preview/article/{article.pk}/").status_code == 200
    preview = reviewer_client.post("/admin/markdownx/markdownify/", {"content": "x"})
    assert preview.status_code == 403


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
    assert article.version == 2
    assert "See also" in SearchEntry.objects.get(slug="staying-safe").body


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


def test_history_diff_and_restore(client: Client, staff: User) -> None:
    article = Article.objects.get(slug="staying-safe")
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
    assert "Opioid Treatment Pathway: editors" in html  # the admin's own header
    assert "Django administration" not in html
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


def test_diff_is_word_by_word_and_escaped(client: Client, staff: User) -> None:
    article = Article.objects.get(slug="staying-safe")
    body = article.body.replace("Stay safe.", "Stay <b>very</b> safe.")
    client.post(change_url(article), form_data(client, article, body=body))
    older, newer = list(article.history.order_by("history_date"))[-2:]
    html = client.get(
        f"/admin/diff/article/{article.pk}/", {"a": older.history_id, "b": newer.history_id}
    ).content.decode()
    # One changed word shows as that word, not the whole paragraph replaced.
    assert re.search(r'<ins class="diff-added">\s*&lt;b&gt;very&lt;/b&gt;\s*</ins>', html)
    assert "<del" not in html.split('class="diff"', 1)[1].split("</div>", 1)[0]
    assert "<b>very</b>" not in html


def test_word_diff_cuts_long_unchanged_stretches() -> None:
    from pathways.admin_views import word_diff

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


def test_history_page_has_no_inline_style_or_script(client: Client, staff: User) -> None:
    """The security policy allows neither, so the page's styling must come from files."""
    article = Article.objects.get(slug="staying-safe")
    client.post(change_url(article), form_data(client, article, body="Changed.\n"))
    for url in (
        f"/admin/pathways/article/{article.pk}/history/",
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


def test_drafts_get_a_staff_preview_that_is_never_cached(client: Client, staff: User) -> None:
    article = Article.objects.get(slug="staying-safe")
    Article.objects.filter(pk=article.pk).update(status=Status.DRAFT)
    response = client.get(f"/admin/preview/article/{article.pk}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "This draft is not public" in response.content.decode()
    client.logout()
    assert client.get(f"/admin/preview/article/{article.pk}/").status_code == 302


def test_draft_is_absent_from_search_backlinks_and_related(client: Client, staff: User) -> None:
    article = Article.objects.get(slug="staying-safe")
    data = form_data(client, article, status="draft")
    assert client.post(change_url(article), data).status_code == 302
    assert not SearchEntry.objects.filter(slug="staying-safe").exists()
    client.logout()
    for url in ("/articles/medicine-basics/", "/pathway/", "/pathway/first-steps/"):
        assert "/articles/staying-safe/" not in client.get(url).content.decode(), url


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


def test_only_clinical_reviewers_can_mark_reviewed(
    client: Client, staff: User, reviewer_client: Client
) -> None:
    article = Article.objects.get(slug="staying-safe")
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


def test_dashboard_lists_what_needs_attention(client: Client, staff: User) -> None:
    Article.objects.filter(slug="staying-safe").update(review_due=datetime.date(2020, 1, 1))
    Article.objects.filter(slug="medicine-basics").update(status=Status.DRAFT)
    html = client.get("/admin/attention/").content.decode()
    assert "Overdue for review (1)" in html
    assert "Drafts (2)" in html  # and draft-notes
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
