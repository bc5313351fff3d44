"""The safety check in a real browser: typing a dose into the admin editor shows the
lint's finding beside the preview before saving, and the save is refused."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, User

from pathways.models import Article
from tests.browser.conftest import DESKTOP, collect_dialogs, log_in


def test_lint_finding_appears_as_an_error_is_typed(
    browser: Any, live_server: Any, shot: Any
) -> None:
    user = User.objects.create_user("linter", password="a long passphrase", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    article = Article.objects.get(slug="naltrexone")
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    dialogs = collect_dialogs(page)
    log_in(page, live_server.url, "linter", "a long passphrase")
    page.goto(f"{live_server.url}/admin/pathways/article/{article.pk}/change/")

    panel = page.locator("#lint-panel")
    panel.locator("text=No safety findings.").wait_for(timeout=10_000)
    body = page.locator("textarea#id_body")
    body.press("Control+End")
    body.type("\n\nMost people take two strips a day.")

    finding = panel.locator('li.lint-error[data-rule="dose"]')
    finding.wait_for(timeout=10_000)
    assert "two strips a day" in finding.inner_text()
    assert "can't be saved" in panel.locator(".lint-summary").inner_text()
    shot(page, "editor-lint")

    page.click("input[name=_save]")
    page.wait_for_load_state()
    assert "Lint error (line" in page.content()
    assert "two strips a day" not in Article.objects.get(slug="naltrexone").body
    assert dialogs == []
    context.close()
