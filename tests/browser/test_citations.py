"""A reader can follow a citation to its source and come back to the sentence."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import PHONE


def test_citation_links_work_in_both_directions(browser: Any, live_server: Any) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/articles/naloxone/")
    first = page.locator("main .body sup.cite a").first
    target = first.get_attribute("href")
    assert target and target.startswith("#source-")
    first.click()
    assert page.url.endswith(target)
    entry = page.locator(target)
    assert entry.is_visible() and entry.locator("a.backlink").count() == 1
    assert "Checked" in entry.inner_text()

    back = entry.locator("a.backlink")
    anchor = back.get_attribute("href")
    assert anchor and anchor.startswith("#cite-")
    back.click()
    assert page.url.endswith(anchor)
    box = page.locator(anchor).bounding_box()
    assert box is not None and 0 <= box["y"] < PHONE["height"]
    context.close()
