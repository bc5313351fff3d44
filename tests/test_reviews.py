"""Issue 16, part 1: a clinical review belongs to the text it reviewed.

Runs on the small fixture tree (tests/content/valid) plus one shared block that
"staying-safe" includes. The real corpus carries no review and must keep none
(tests/corpus/test_content_rules.py): nothing here writes to content/.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pathways.content.sync.batch import LoadReport
from pathways.content.sync.export import export_content
from pathways.models import Article, Block, ContentWriteRefused, Source
from pathways.rendering import plain_text
from pathways.reviews import (
    REASONS,
    record_review,
    review_hash,
    review_revision,
    review_state,
)
from tests.admin_helpers import change_url, form_data, submitted
from tests.factories import clear_content, load, run_command

pytestmark = pytest.mark.django_db

REVIEWER = "Dana Rivera, MD"
REVIEWED_ON = datetime.date(2026, 11, 20)
CLAIM = f"Clinically reviewed by {REVIEWER} on November 20, 2026"
STALE = (
    f"This page has changed since {REVIEWER} reviewed it on November 20, 2026. "
    "The changes have not been reviewed yet."
)
BLOCK = """---
title: What to do in an overdose
updated: 2026-11-01
status: published
---

Call 911. Give naloxone.
"""


@pytest.fixture
def tree(db: None, content_tree: Path) -> Path:
    """The fixture tree with a shared block that staying-safe includes, loaded."""
    (content_tree / "blocks").mkdir()
    (content_tree / "blocks" / "overdose-steps.md").write_text(BLOCK, encoding="utf-8")
    path = content_tree / "articles" / "staying-safe.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n{{include overdose-steps}}\n", encoding="utf-8")
    report = load(content_tree)
    assert report.errors == [], report.errors
    return content_tree


def review_warnings(report: LoadReport) -> list[str]:
    return [str(w) for w in report.warnings if "review" in w.message]


def article(slug: str = "staying-safe") -> Article:
    return (
        Article.objects.select_related("stage")
        .prefetch_related("sources", "substances")
        .get(slug=slug)
    )


@pytest.fixture
def reviewed(tree: Path) -> Article:
    page = article()
    record_review(page, REVIEWER, REVIEWED_ON, "admin")
    return article()


@pytest.fixture
def staff(client: Client) -> User:
    user = User.objects.create_user("editor", password="a long passphrase", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def page_text(client: Client, slug: str = "staying-safe") -> str:
    return plain_text(client.get(f"/articles/{slug}/").content.decode())


def jsonld(client: Client, slug: str = "staying-safe") -> dict[str, object]:
    html = client.get(f"/articles/{slug}/").content.decode()
    found = re.search(r'application/ld\+json">(.*?)</script>', html, re.S)
    assert found is not None
    data: dict[str, object] = json.loads(found.group(1))
    return data


# -- The hash and the page -------------------------------------------------------


def test_a_recorded_review_is_current_and_shown(client: Client, reviewed: Article) -> None:
    assert reviewed.reviewed_hash == review_hash(reviewed)
    assert reviewed.review_state == "current" and reviewed.review_is_current
    assert CLAIM in page_text(client)
    data = jsonld(client)
    assert data["lastReviewed"] == "2026-11-20"
    assert data["reviewedBy"] == {"@type": "Person", "name": REVIEWER}


def test_no_review_says_not_yet_reviewed(client: Client, tree: Path) -> None:
    assert article().review_state == "none"
    text = page_text(client)
    assert "Not yet clinically reviewed" in text and "Clinically reviewed by" not in text
    assert "lastReviewed" not in jsonld(client)


def test_the_hash_covers_every_reviewed_field(reviewed: Article) -> None:
    """Any change counts, however small: there is no typo exemption."""
    signed = reviewed.reviewed_hash
    for name, value in [
        ("title", reviewed.title + "."),
        ("link_text", "stay safe"),
        ("summary", reviewed.summary.replace("Ways", "ways")),
        ("body", reviewed.body.replace("Stay safe.", "Stay safe!")),
        ("also_called", ["safety"]),
    ]:
        page = article()
        setattr(page, name, value)
        assert review_hash(page) != signed, name
    page = article()
    # Not the reviewed text: dates, status, featured, the review itself.
    page.updated, page.review_due = datetime.date(2027, 1, 1), datetime.date(2027, 6, 1)
    page.featured = True
    assert review_hash(page) == signed
    assert review_hash(page, {"overdose-steps": "0" * 64}) != signed  # an included block


def test_a_review_without_a_hash_is_never_current(client: Client, tree: Path) -> None:
    Article.objects.filter(slug="staying-safe").update(
        reviewed_by=REVIEWER, reviewed_on=REVIEWED_ON, reviewed_hash=""
    )
    assert article().review_state == "changed"
    assert STALE in page_text(client)


# -- Every write path stops claiming the review ------------------------------------


def admin_body_edit(client: Client, root: Path) -> None:
    page = article()
    data = form_data(client, page, body=page.body.replace("Stay safe.", "Stay very safe."))
    assert client.post(change_url(page), data).status_code == 302


def admin_source_edit(client: Client, root: Path) -> None:
    page = article()
    data = form_data(client, page)
    prefix = next(k for k in data if k.endswith("-0-title")).removesuffix("-0-title")
    data[f"{prefix}-0-title"] = "TIP 63, updated edition"
    assert client.post(change_url(page), data).status_code == 302
    assert Source.objects.filter(title="TIP 63, updated edition").exists()


def earlier_revision(root: Path) -> None:
    """Before the review: a revision with other text, then the text the review signs."""
    page = article()
    body = page.body
    page.body = "Earlier text.\n"
    page.save()
    page = article()
    page.body = body
    page.save()


def admin_restore(client: Client, root: Path) -> None:
    """Restore a revision from before the review: the review stays on record, stale."""
    page = article()
    earlier = page.history.filter(body="Earlier text.\n").first()
    restore_url = f"/admin/pathways/article/{page.pk}/history/{earlier.history_id}/"
    data = submitted(client.get(restore_url), {})
    assert client.post(restore_url, data).status_code == 302
    assert article().body == "Earlier text.\n"


def sync_files(root: Path) -> None:
    """Bring a review recorded in the database into the files, as an operator would."""
    assert export_content(root).exit_code == 0
    assert load(root).conflicts == []


def load_changed_file(client: Client, root: Path) -> None:
    sync_files(root)
    path = root / "articles" / "staying-safe.md"
    path.write_text(path.read_text().replace("Stay safe.", "Stay safe, always."))
    report = load(root)
    assert report.updated == ["articles/staying-safe.md"], report.summary()


def load_changed_block(client: Client, root: Path) -> None:
    sync_files(root)
    path = root / "blocks" / "overdose-steps.md"
    path.write_text(path.read_text().replace("Give naloxone.", "Give naloxone if you have it."))
    assert load(root).updated == ["blocks/overdose-steps.md"]


def orm_save(client: Client, root: Path) -> None:
    page = article()
    page.body = page.body.replace("Stay safe.", "Stay safe from a script.")
    page.save()


def orm_block_save(client: Client, root: Path) -> None:
    block = Block.objects.get(slug="overdose-steps")
    block.body = "Call 911. Give naloxone. ALWAYS stops every opioid overdose.\n"
    block.save()


def queryset_update(client: Client, root: Path) -> None:
    Article.objects.filter(slug="staying-safe").update(summary="A script's summary.")


def orm_source_change(client: Client, root: Path) -> None:
    Source.objects.filter(object_id=article().pk, key="s1").update(
        url="https://store.samhsa.gov/product/tip-63-2025"
    )


RAW_WRITES = [queryset_update, orm_source_change]
WRITE_PATHS: list[Callable[[Client, Path], None]] = [
    admin_body_edit,
    admin_source_edit,
    admin_restore,
    load_changed_file,
    load_changed_block,
    orm_save,
    orm_block_save,
]


@pytest.mark.parametrize("write", WRITE_PATHS, ids=[w.__name__ for w in WRITE_PATHS])
def test_every_write_path_stops_claiming_the_review(
    client: Client,
    staff: User,
    tree: Path,
    write: Callable[[Client, Path], None],
) -> None:
    if write is admin_restore:
        earlier_revision(tree)
    record_review(article(), REVIEWER, REVIEWED_ON, "admin")
    anonymous = Client()
    assert CLAIM in page_text(anonymous)  # stored, so a stale stored page would show
    write(client, tree)
    page = article()
    assert page.review_state == "changed"
    assert page.reviewed_by == REVIEWER  # the review stays on record, and in history
    text = page_text(anonymous)
    assert STALE in text
    assert "Clinically reviewed by" not in text
    assert "lastReviewed" not in jsonld(anonymous)


@pytest.mark.parametrize("write", RAW_WRITES, ids=[w.__name__ for w in RAW_WRITES])
def test_bulk_writes_of_reviewed_text_are_refused(
    client: Client, tree: Path, write: Callable[[Client, Path], None]
) -> None:
    """A queryset update would skip publishing: refused, so the review stays true."""
    record_review(article(), REVIEWER, REVIEWED_ON, "admin")
    with pytest.raises(ContentWriteRefused):
        write(client, tree)
    assert article().review_state == "current"


def test_restoring_the_signed_text_makes_the_review_current_again(
    client: Client, staff: User, reviewed: Article
) -> None:
    signed = review_revision(reviewed)
    admin_body_edit(client, Path())
    assert article().review_state == "changed"
    restore_url = f"/admin/pathways/article/{reviewed.pk}/history/{signed.history_id}/"
    assert client.post(restore_url, submitted(client.get(restore_url), {})).status_code == 302
    page = article()
    assert page.review_state == "current" and page.reviewed_by == REVIEWER


def test_a_change_reverted_by_hand_is_current_again(reviewed: Article) -> None:
    """The state follows the text, not a flag: the signed text is the signed text."""
    body = reviewed.body
    reviewed.body = "Other text.\n"
    reviewed.save()
    assert article().review_state == "changed"
    reviewed.body = body
    reviewed.save()
    assert article().review_state == "current"


# -- `updated` is automatic ---------------------------------------------------------

FROZEN = datetime.date(2027, 1, 15)


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> datetime.date:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: FROZEN)
    return FROZEN


def test_admin_edit_sets_updated_to_today(
    client: Client, staff: User, tree: Path, frozen: datetime.date
) -> None:
    admin_body_edit(client, tree)
    assert article().updated == frozen


def test_admin_edit_dates_the_text_even_when_the_form_says_otherwise(
    client: Client, staff: User, tree: Path, frozen: datetime.date
) -> None:
    page = article()
    data = form_data(client, page, body="New words.\n", updated="2026-01-01")
    assert client.post(change_url(page), data).status_code == 302
    assert article().updated == frozen


def test_admin_source_change_sets_updated(
    client: Client, staff: User, tree: Path, frozen: datetime.date
) -> None:
    admin_source_edit(client, tree)
    assert article().updated == frozen


def test_restore_sets_updated(client: Client, staff: User, tree: Path) -> None:
    earlier_revision(tree)
    Article.objects.filter(slug="staying-safe").update(updated=datetime.date(2026, 1, 1))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "localdate", lambda *args, **kwargs: FROZEN)
        admin_restore(client, tree)
    assert article().updated == FROZEN


def test_script_save_sets_updated(tree: Path, frozen: datetime.date) -> None:
    orm_save(Client(), tree)
    assert article().updated == frozen
    block = Block.objects.get(slug="overdose-steps")
    block.title = "Overdose: what to do"
    block.save()
    assert Block.objects.get(slug="overdose-steps").updated == frozen


def test_a_save_that_changes_no_text_keeps_the_date(
    client: Client, staff: User, tree: Path, frozen: datetime.date
) -> None:
    before = article().updated
    page = article()
    page.review_due = datetime.date(2027, 6, 1)
    page.featured = True
    page.save()
    assert article().updated == before
    data = form_data(client, article(), review_due="2027-07-01")
    assert client.post(change_url(article()), data).status_code == 302
    assert article().updated == before
    record_review(article(), REVIEWER, REVIEWED_ON, "admin")  # a review is not a text change
    assert article().updated == before


def test_a_load_takes_updated_from_the_file(tree: Path, frozen: datetime.date) -> None:
    load_changed_file(Client(), tree)
    assert article().updated == datetime.date(2026, 11, 1)  # the file's, not today


def test_a_load_that_reproduces_the_files_leaves_the_database_equal(
    tree: Path, tmp_path: Path, frozen: datetime.date
) -> None:
    record_review(article(), REVIEWER, REVIEWED_ON, "admin")
    orm_save(Client(), tree)
    exported = tmp_path / "exported"
    assert export_content(exported).exit_code == 0
    rows = {a.slug: (a.updated, a.reviewed_hash, a.current_hash) for a in Article.objects.all()}
    report = load(exported)
    assert report.errors == [] and report.updated == []
    again = {a.slug: (a.updated, a.reviewed_hash, a.current_hash) for a in Article.objects.all()}
    assert again == rows
    assert rows["staying-safe"][0] == frozen


# -- The file format ------------------------------------------------------------------


def test_export_writes_the_review_with_its_hash_and_reload_keeps_it(
    client: Client, reviewed: Article, tmp_path: Path
) -> None:
    exported = tmp_path / "exported"
    assert export_content(exported).exit_code == 0
    text = (exported / "articles" / "staying-safe.md").read_text(encoding="utf-8")
    signed = reviewed.reviewed_hash
    expected = f"clinical_review:\n  by: {REVIEWER}\n  date: 2026-11-20\n  hash: {signed}\n"
    assert expected in text
    clear_content()
    report = load(exported)
    assert report.errors == [] and review_warnings(report) == []
    page = article()
    assert page.reviewed_hash == reviewed.reviewed_hash and page.review_state == "current"
    assert CLAIM in page_text(client)


def test_a_hand_edited_file_loads_with_its_review_marked_stale(
    client: Client, reviewed: Article, tmp_path: Path
) -> None:
    root = tmp_path / "exported"
    export_content(root)
    assert load(root).exit_code == 0  # the exported files, loaded: in sync
    path = root / "articles" / "staying-safe.md"
    path.write_text(path.read_text().replace("Stay safe.", "ALWAYS stops every overdose."))
    code, out, err = run_command("load_content", str(root))
    assert code == 0, err
    line = path.read_text().splitlines().index("clinical_review:") + 1
    assert f"staying-safe.md:{line}: the text changed since {REVIEWER} reviewed it" in out + err
    page = article()
    assert page.reviewed_by == REVIEWER and page.review_state == "changed"
    assert STALE in page_text(client)


def test_a_review_in_a_file_without_a_hash_loads_stale_with_a_warning(
    client: Client, tree: Path
) -> None:
    path = tree / "articles" / "staying-safe.md"
    path.write_text(
        path.read_text().replace(
            "updated: 2026-11-01\n",
            f"updated: 2026-11-01\nclinical_review:\n  by: {REVIEWER}\n  date: 2026-11-20\n",
        )
    )
    report = load(tree)
    assert report.exit_code == 0
    assert any("has no hash" in w.message for w in report.warnings), report.warnings
    assert article().review_state == "changed"
    assert STALE in page_text(client)


def test_a_malformed_review_hash_is_refused_with_its_line(tree: Path) -> None:
    path = tree / "articles" / "staying-safe.md"
    path.write_text(
        path.read_text().replace(
            "updated: 2026-11-01\n",
            "updated: 2026-11-01\nclinical_review:\n  by: A\n  date: 2026-11-20\n  hash: abc\n",
        )
    )
    report = load(tree)
    assert report.exit_code == 1
    line = path.read_text().splitlines().index("  hash: abc") + 1
    assert any(
        e.line == line and "clinical_review.hash" in e.message and "64-character" in e.message
        for e in report.errors
    ), report.errors


def test_a_file_review_of_the_same_text_is_current(client: Client, tree: Path) -> None:
    """A review hash written into a file binds exactly as one recorded here does."""
    signed = review_hash(article())
    path = tree / "articles" / "staying-safe.md"
    path.write_text(
        path.read_text().replace(
            "updated: 2026-11-01\n",
            f"updated: 2026-11-01\nclinical_review:\n  by: {REVIEWER}\n  date: 2026-11-20\n"
            f"  hash: {signed}\n",
        )
    )
    report = load(tree)
    assert report.errors == [] and review_warnings(report) == []
    assert article().review_state == "current"
    assert CLAIM in page_text(client)


# -- manage.py mark_reviewed --------------------------------------------------------------


def test_mark_reviewed_records_a_review_of_the_current_text(client: Client, tree: Path) -> None:
    code, out, err = run_command(
        "mark_reviewed", "staying-safe", "--by", REVIEWER, "--date", "2026-11-20"
    )
    assert code == 0, err
    assert "staying-safe" in out and REVIEWER in out
    page = article()
    assert page.reviewed_hash == review_hash(page) and page.review_state == "current"
    revision = page.history.first()
    assert revision.history_change_reason == REASONS["command line"]
    assert "command line" in revision.history_change_reason
    assert revision.history_user is None
    assert CLAIM in page_text(client)


def test_mark_reviewed_defaults_to_today(tree: Path, frozen: datetime.date) -> None:
    assert run_command("mark_reviewed", "staying-safe", "--by", REVIEWER)[0] == 0
    assert article().reviewed_on == frozen


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-page", "--by", REVIEWER], "No article, stage or drug page has the slug"),
        (["tolerance", "--by", REVIEWER], "No article, stage or drug page has the slug"),
        (["staying-safe", "--by", REVIEWER, "--date", "2099-01-01"], "in the future"),
        (["staying-safe", "--by", REVIEWER, "--date", "20-11-2026"], "must be a date"),
        (["draft-notes", "--by", REVIEWER], "is a draft"),
        (["staying-safe", "--by", "  "], "must name the reviewer"),
    ],
)
def test_mark_reviewed_refuses(tree: Path, args: list[str], message: str) -> None:
    code, _, err = run_command("mark_reviewed", *args)
    assert code != 0 and message in err, err
    assert not any(a.reviewed_by for a in Article.objects.all())


def test_the_admin_action_stores_the_hash(staff: User, reviewed: Article) -> None:
    reviewer = User.objects.create_user("reviewer", password="another passphrase", is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Clinical reviewers"))
    client = Client()
    client.force_login(reviewer)
    orm_save(client, Path())
    assert article().review_state == "changed"
    today = timezone.localdate()
    response = client.post(
        "/admin/pathways/article/",
        {
            "action": "mark_clinically_reviewed",
            "_selected_action": [str(reviewed.pk)],
            "apply": "1",
            "reviewer": "Sam Lee, PharmD",
            "reviewed_on": today.isoformat(),
            "review_due": (today + datetime.timedelta(days=180)).isoformat(),
        },
    )
    assert response.status_code == 302
    page = article()
    assert page.reviewed_by == "Sam Lee, PharmD"
    assert page.reviewed_hash == review_hash(page) and page.review_state == "current"
    assert page.history.first().history_change_reason == REASONS["admin"]
    assert page.history.first().history_user == reviewer


def test_editors_cannot_record_a_review(client: Client, staff: User, tree: Path) -> None:
    page = article()
    client.post(
        "/admin/pathways/article/",
        {
            "action": "mark_clinically_reviewed",
            "_selected_action": [str(page.pk)],
            "apply": "1",
            "reviewer": "Me",
            "reviewed_on": "2026-11-01",
            "review_due": "2027-05-01",
        },
    )
    assert article().review_state == "none"


# -- The dashboard ---------------------------------------------------------------------------


def diff_marks(client: Client, dashboard: str) -> list[str]:
    """The words the dashboard's "what changed since the review" diff marks."""
    found = re.search(r'href="(/admin/pathways/article/\d+/diff/\?a=\d+&amp;b=\d+)"', dashboard)
    assert found is not None, dashboard
    diff = client.get(found.group(1).replace("&amp;", "&"))
    assert diff.status_code == 200
    return re.findall(r'<(?:ins|del) class="diff-(?:added|removed)">(.*?)</', diff.content.decode())


def test_dashboard_lists_changed_since_review_with_a_diff_of_just_that(
    client: Client, staff: User, tree: Path
) -> None:
    orm_save(client, tree)  # an edit before the review: not part of what changed since
    record_review(article(), REVIEWER, REVIEWED_ON, "admin")
    signed = review_revision(article())
    assert signed is not None and signed.history_change_reason == REASONS["admin"]
    assert "Stay safe from a script." in signed.body  # the text the reviewer saw
    page = article()
    page.body = page.body.replace("Back to", "Go back to")
    page.save()
    page = article()
    page.summary = "Ways to stay safe today."
    page.save()
    html = client.get("/admin/attention/").content.decode()
    assert "Changed since review (1)" in html
    latest = article().history.first()
    assert f"a={signed.history_id}&amp;b={latest.history_id}" in html
    marks = diff_marks(client, html)
    assert any("Go" in m for m in marks) and any("today." in m for m in marks), marks
    assert not any("script" in m for m in marks), marks  # nothing from before the review
    assert "source or an included shared block changed" not in html


def test_dashboard_says_when_a_source_or_block_changed(
    client: Client, staff: User, reviewed: Article
) -> None:
    orm_block_save(client, Path())
    html = client.get("/admin/attention/").content.decode()
    assert "Changed since review (1)" in html
    assert "a source or an included shared block changed since the review" in html


def test_dashboard_lists_nothing_changed_when_reviews_hold(
    client: Client, staff: User, reviewed: Article
) -> None:
    assert "Changed since review (0)" in client.get("/admin/attention/").content.decode()


def test_dashboard_lists_facts_past_valid_until(
    client: Client, staff: User, tree: Path, frozen: datetime.date
) -> None:
    Article.objects.filter(slug="staying-safe").update(valid_until=datetime.date(2026, 12, 31))
    Article.objects.filter(slug="medicine-basics").update(valid_until=datetime.date(2027, 1, 15))
    html = client.get("/admin/attention/").content.decode()
    assert "Dated facts past valid_until (1)" in html
    section = html.split("Dated facts past valid_until")[1].split("</div>")[0]
    assert "Staying safe" in section and "Medicine basics" not in section


def test_dashboard_lists_sources_not_checked_in_twelve_months(
    client: Client, staff: User, tree: Path, frozen: datetime.date
) -> None:
    page = article()
    for key, day in (("s1", datetime.date(2026, 1, 15)), ("s2", datetime.date(2026, 1, 16))):
        source = page.sources.get(key=key)
        source.checked = day
        source.save()
    html = client.get("/admin/attention/").content.decode()
    assert "Sources not checked in 12 months (1)" in html
    section = html.split("Sources not checked in 12 months")[1].split("</div>")[0]
    assert "Staying safe" in section and "[^s1]" in section and "[^s2]" not in section
    assert f'href="/admin/pathways/article/{page.pk}/change/"' in section


def test_admin_list_shows_and_filters_changed_since_review(
    client: Client, staff: User, reviewed: Article
) -> None:
    assert "Reviewed Nov 20, 2026" in client.get("/admin/pathways/article/").content.decode()
    orm_save(client, Path())
    html = client.get("/admin/pathways/article/").content.decode()
    assert "Changed since review (Nov 20, 2026)" in html
    filtered = client.get("/admin/pathways/article/?review=changed").content.decode()
    assert "Staying safe" in filtered and "Medicine basics" not in filtered


def test_review_state_of_a_page_without_review_needs_no_query(tree: Path) -> None:
    page = Article.objects.get(slug="medicine-basics")
    with CaptureQueriesContext(connection) as captured:
        assert review_state(page) == "none"
    assert len(captured) == 0
