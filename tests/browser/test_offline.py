"""Offline reading in Chromium: opened pages, the crisis pages and the offline page."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

ARTICLE = "/articles/naloxone/"
CRISIS = "/articles/suicide-risk-and-988/"  # never opened: it is kept from the start


def online_heading(path: str) -> str:
    html = Client().get(path).content.decode()
    found = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert found, path
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_pages_stay_readable_offline(browser: Any, live_server: Any) -> None:
    base = live_server.url
    context = browser.new_context(service_workers="allow")
    page = context.new_page()
    page.goto(base + "/")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    home = page.locator("h1").first.inner_text()
    page.goto(base + ARTICLE)
    article = page.locator("h1").first.inner_text()
    assert article == online_heading(ARTICLE)

    context.set_offline(True)
    page.reload()
    assert page.locator("h1").first.inner_text() == article
    page.goto(base + "/")
    assert page.locator("h1").first.inner_text() == home
    page.goto(base + CRISIS)
    assert page.locator("h1").first.inner_text() == online_heading(CRISIS)
    page.goto(base + ARTICLE)
    assert page.locator("h1").first.inner_text() == article

    page.goto(base + "/articles/never-opened/")
    assert page.locator("h1").first.inner_text() == "You're offline"
    main = page.locator("main")
    for number in ("tel:911", "tel:988", "tel:18006624357"):
        assert main.locator(f'a[href="{number}"]').count() == 1, number
    context.close()
