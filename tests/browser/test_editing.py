"""An editor's journey in a real browser: edit with the live preview, save, see the
page, and find the edit kept (and then in conflict) when the files are loaded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.models import Group, User

from pathways.content.sync.export import export_content
from pathways.models import Article
from tests.browser.conftest import DESKTOP, collect_dialogs, log_in
from tests.factories import load

PAYLOAD = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'


def test_editor_edits_previews_saves_and_keeps_the_edit(
    browser: Any, live_server: Any, shot: Any, tmp_path: Path
) -> None:
    content = tmp_path / "content"
    export_content(content)  # the files as they stand before the edit
    user = User.objects.create_user("editor", password="a long passphrase", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    article = Article.objects.get(slug="naltrexone")

    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    dialogs = collect_dialogs(page)

    # 1. Log in.
    log_in(page, live_server.url, "editor", "a long passphrase")

    # 2. Open the article in markdownx.
    page.goto(f"{live_server.url}/admin/pathways/article/{article.pk}/change/")
    body = page.locator("textarea#id_body")
    assert body.is_visible()

    # 3. Type markdown with a [[link]] and an XSS payload.
    # (A naltrexone page must keep the opioid-free period, or the lint refuses the save.)
    body.fill(
        "## Edited\n\nNaltrexone starts only after a period with no opioids. "
        f"Read [[loss-of-tolerance|about tolerance]]. {PAYLOAD}\n"
    )
    body.press("End")
    body.type(" Done.")

    # 4. The preview is the sanitized page body, with the link resolved.
    preview = page.locator(".markdownx-preview")
    preview.locator("text=Done.").wait_for(timeout=10_000)  # the preview has caught up
    link = preview.locator('a[href="/articles/loss-of-tolerance/"]')
    assert link.inner_text() == "about tolerance"
    assert preview.locator("script, img").count() == 0
    assert page.evaluate("window.__xss") is None
    shot(page, "editor-preview")

    # 5. Save.
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/pathways/article/")

    # 6. The change is on the public page.
    page.goto(live_server.url + "/articles/naltrexone/")
    assert page.get_by_role("heading", name="Edited").is_visible()
    assert page.locator('main a[href="/articles/loss-of-tolerance/"]').count() == 1
    assert page.evaluate("window.__xss") is None
    assert dialogs == []
    context.close()

    # 7. load_content keeps the admin edit.
    report = load(content)
    assert report.kept == ["articles/naltrexone.md"]
    edited = Article.objects.get(slug="naltrexone").body
    assert "Done." in edited

    # 8. The file changes too: a conflict, reported, with the edit intact.
    path = content / "articles" / "naltrexone.md"
    path.write_text(path.read_text().replace("Naltrexone", "Naltrexone (file edit)", 1))
    report = load(content)
    assert report.conflicts == ["articles/naltrexone.md"]
    assert report.exit_code == 2
    assert Article.objects.get(slug="naltrexone").body == edited


SANTO = (
    " The strongest evidence for fewer deaths is for methadone and buprenorphine: people on "
    "those medicines have about half the risk of dying.[^santo-mortality]"
)


def test_editor_restores_a_revision_with_its_sources_and_substances(
    browser: Any, live_server: Any, shot: Any
) -> None:
    user = User.objects.create_user("restorer", password="a long passphrase", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    article = Article.objects.get(slug="naltrexone")
    fentanyl = article.substances.get(slug="fentanyl")
    change = f"{live_server.url}/admin/pathways/article/{article.pk}/change/"

    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    dialogs = collect_dialogs(page)
    log_in(page, live_server.url, "restorer", "a long passphrase")

    # 1. A save that changes nothing keeps a revision of the page as it stands.
    page.goto(change)
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/pathways/article/")
    kept = article.history.first()

    # 2. A mistaken save: a source (and the sentence citing it) and a substance removed.
    page.goto(change)
    body = page.locator("textarea#id_body")
    assert SANTO in body.input_value()
    body.fill(body.input_value().replace(SANTO, ""))
    key = page.locator("input[name$='-key'][value='santo-mortality']")
    prefix = str(key.get_attribute("name")).removesuffix("-key")
    page.check(f"input[name='{prefix}-DELETE']")
    page.select_option("#id_substances_to", value=str(fentanyl.pk))
    page.click("#id_substances_remove")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/pathways/article/")
    assert not article.sources.filter(key="santo-mortality").exists()
    assert not article.substances.filter(pk=fentanyl.pk).exists()

    # 3. The history offers the earlier revision, which says what it brings back.
    page.goto(f"{live_server.url}/admin/pathways/article/{article.pk}/history/")
    page.click(f"a[href$='/history/{kept.history_id}/']")
    assert "JAMA Psychiatry" in page.locator("#revision-sources").inner_text()
    shot(page, "editor-restore")
    page.click("input[name=_save]")  # Revert
    page.wait_for_url("**/admin/pathways/article/")

    # 4. The text, the source and the substance are back, on the public page too.
    assert article.sources.filter(key="santo-mortality").exists()
    assert article.substances.filter(pk=fentanyl.pk).exists()
    page.goto(live_server.url + "/articles/naltrexone/")
    assert "JAMA Psychiatry" in page.locator("main").inner_text()
    assert dialogs == []
    context.close()
