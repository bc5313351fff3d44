"""Every write path runs the same checks and has the same side effects (issue 15).

One edit (new text with a link, a new link text) is made through each path:
the admin's form, the loader, a restore of a revision, a script's `save()`,
and a script writing several items in one batch. Then the same things must
be true: the page is rendered, its link rows and search entry follow, its
linkers print the new link text, the sync hash is the row's own, a revision
holds the text, and stored pages go stale. The same edit with a link to no
page is refused by every path, and leaves the row as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from pathways.content.format.canonical import content_hash
from pathways.content.sync.records import record_from_item
from pathways.content_version import content_version
from pathways.models import Article, ContentWriteRefused, Link, SearchEntry
from pathways.publishing import batch
from tests.admin_helpers import change_url, form_data, restore_url, submitted
from tests.factories import load

EDITED = "Edited text. Back to [[medicine-basics]]."
LINK_TEXT = "keeping safe"
BROKEN = "Edited text. See [[no-such-page]]."


@pytest.fixture
def tree(db: None, content_tree: Path) -> Path:
    # A bare link prints the target's link text, so a linker shows a new one.
    linker = content_tree / "articles/medicine-basics.md"
    text = linker.read_text(encoding="utf-8")
    linker.write_text(text.replace("[[staying-safe|how to stay safe]]", "[[staying-safe]]"))
    assert load(content_tree).errors == []
    return content_tree


def article() -> Article:
    return Article.objects.get(slug="staying-safe")


def admin_client() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("boss", password="a long passphrase"))
    return client


def by_admin_form(root: Path, body: str) -> None:
    client = admin_client()
    data = form_data(client, article(), body=body, link_text=LINK_TEXT)
    response = client.post(change_url(article()), data)
    if response.status_code != 302:
        raise ContentWriteRefused(str(response.context["adminform"].form.errors))


def by_loader(root: Path, body: str) -> None:
    path = root / "articles/staying-safe.md"
    text = path.read_text(encoding="utf-8")
    head, _, _ = text.partition("\n---\n")
    head = head.replace("link_text: staying safe", f"link_text: {LINK_TEXT}")
    path.write_text(f"{head}\n---\n\n{body}\n", encoding="utf-8")
    report = load(root)
    if report.errors:
        raise ContentWriteRefused("; ".join(map(str, report.errors)))


def by_restore(root: Path, body: str) -> None:
    """An earlier revision holding the edit (for the broken link: from before its target
    went) is restored through the admin."""
    revision = article().history.first()
    revision.history_id = None  # saved as a new revision, the page itself untouched
    revision.body, revision.link_text = body + "\n", LINK_TEXT
    revision.history_change_reason = "an earlier revision"
    revision.save()
    client = admin_client()
    url = restore_url(article(), revision)
    response = client.post(url, submitted(client.get(url), {}))
    if response.status_code != 302 or article().body != body + "\n":
        raise ContentWriteRefused("the restore was refused")


def by_script(root: Path, body: str) -> None:
    page = article()
    page.body, page.link_text = body + "\n", LINK_TEXT
    page.save()


def by_script_in_a_batch(root: Path, body: str) -> None:
    with batch():
        page = article()
        page.body, page.link_text = body + "\n", LINK_TEXT
        page.save()
        other = Article.objects.get(slug="medicine-basics")
        other.summary = "Also changed in the batch."
        other.save()


PATHS: list[Callable[[Path, str], None]] = [
    by_admin_form,
    by_loader,
    by_restore,
    by_script,
    by_script_in_a_batch,
]


@pytest.mark.parametrize("write", PATHS, ids=[p.__name__ for p in PATHS])
def test_every_write_path_has_the_same_side_effects(
    tree: Path, write: Callable[[Path, str], None]
) -> None:
    version = content_version()
    revisions = article().history.count()
    write(tree, EDITED)
    page = article()
    assert "Edited text." in page.body_html
    assert 'href="/articles/medicine-basics/"' in page.body_html
    assert set(
        Link.objects.filter(source_slug="staying-safe").values_list("target_slug", flat=True)
    ) == {"medicine-basics"}
    assert "Edited text." in SearchEntry.objects.get(slug="staying-safe").body
    assert f">{LINK_TEXT}</a>" in Article.objects.get(slug="medicine-basics").body_html
    assert page.current_hash == content_hash("article", record_from_item(page))
    assert page.history.count() > revisions
    assert page.history.first().body == page.body
    assert content_version() != version


@pytest.mark.parametrize("write", PATHS, ids=[p.__name__ for p in PATHS])
def test_every_write_path_refuses_what_the_loader_refuses(
    tree: Path, write: Callable[[Path, str], None]
) -> None:
    before = article()
    with pytest.raises(ContentWriteRefused, match=r"no-such-page|restore"):
        write(tree, BROKEN)
    after = article()
    assert (after.body, after.body_html, after.link_text) == (
        before.body,
        before.body_html,
        before.link_text,
    )
