"""A reader's journey through the site in a real browser, on a phone and a desktop."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import DESKTOP, NARROW, PHONE

PAGES = {
    "home": "/",
    "pathway": "/pathway/",
    "pathway-filtered": "/pathway/?substance=heroin",
    "stage": "/pathway/stabilization/",
    "article": "/articles/buprenorphine/",
    "substance": "/substances/hydromorphone/",
    "glossary": "/glossary/",
    "search": "/search/?q=suboxone",
    "search-empty": "/search/?q=zzzqqq",
    "about": "/about/",
    "not-found": "/articles/nope/",
}
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"],
    },
    "resultTypes": ["violations"],
}


@pytest.mark.parametrize(("size", "label"), [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_reader_follows_the_pathway(
    browser: Any, live_server: Any, shot: Any, size: dict[str, int], label: str
) -> None:
    context = browser.new_context(viewport=size)
    page = context.new_page()
    page.goto(live_server.url + "/")
    shot(page, f"home-{label}")
    if label == "phone":
        bar = page.locator(".crisis-bar").bounding_box()
        assert bar is not None and bar["y"] + bar["height"] <= size["height"]
        for number in ("tel:911", "tel:988", "tel:+18006624357"):
            link = page.locator(f'.crisis-bar a[href="{number}"]').bounding_box()
            assert link is not None and link["y"] + link["height"] <= size["height"], number

    page.get_by_role("link", name="See every stage in detail").click()
    assert page.url.endswith("/pathway/")
    shot(page, f"pathway-{label}")

    page.locator(".stage-summary h2 a", has_text="Stabilization").click()
    assert page.url.endswith("/pathway/stabilization/")
    assert page.get_by_role("heading", name="Questions to ask at this stage").is_visible()
    shot(page, f"stage-{label}")

    page.locator('.article-list a[href="/articles/buprenorphine/"]').first.click()
    assert "/articles/buprenorphine/" in page.url
    assert page.get_by_text("Stage 3 of 8: Stabilization").is_visible()
    assert page.get_by_text("Not yet clinically reviewed").is_visible()
    shot(page, f"article-{label}")

    page.locator("section:has(#backlinks-title) a").first.click()
    assert page.locator("h1").count() == 1
    page.goto(live_server.url + "/pathway/stabilization/")
    page.get_by_role("link", name="Next stage").click()
    assert page.url.endswith("/pathway/treatment-settings/")
    context.close()


def test_no_horizontal_scroll_at_320_pixels(browser: Any, live_server: Any) -> None:
    context = browser.new_context(viewport=NARROW)
    page = context.new_page()
    for name, path in PAGES.items():
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROW["width"], (name, width)
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_wcag_violations(browser: Any, live_server: Any, scheme: str) -> None:
    axe = Axe()
    context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
    page = context.new_page()
    problems = {}
    for name, path in PAGES.items():
        page.goto(live_server.url + path)
        results = axe.run(page, options=AXE_OPTIONS)
        if results.violations_count:
            problems[name] = results.generate_report()
    context.close()
    assert problems == {}


def test_no_request_leaves_the_machine_and_no_cookie_is_set(browser: Any, live_server: Any) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname or ""))
    for path in PAGES.values():
        page.goto(live_server.url + path)
    assert hosts <= {"localhost", "127.0.0.1"}
    assert context.cookies() == []
    context.close()


def test_phone_reader_searches_and_opens_the_first_result(
    browser: Any, live_server: Any, shot: Any
) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("searchbox").first.fill("Suboxone")
    page.get_by_role("searchbox").first.press("Enter")
    page.wait_for_url("**/search/?q=Suboxone")
    shot(page, "search-phone")
    page.locator(".result h2 a").first.click()
    assert "/articles/buprenorphine/" in page.url
    context.close()


def test_pathway_filter_works_without_javascript(browser: Any, live_server: Any) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/pathway/")
    page.select_option("#substance", "fentanyl")
    page.get_by_role("button", name="Show").click()
    assert "substance=fentanyl" in page.url
    from pathways.models import Substance

    # A note for each stage where something differs for fentanyl.
    notes = len(Substance.objects.get(slug="fentanyl").stage_notes)
    assert notes >= 3 and page.locator(".substance-note").count() == notes
    context.close()


def test_print_stylesheet_keeps_crisis_numbers_and_review_status(
    browser: Any, live_server: Any
) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(live_server.url + "/articles/naloxone/")
    page.emulate_media(media="print")
    assert page.locator("#crisis").is_visible()
    assert page.get_by_text("Not yet clinically reviewed").is_visible()
    assert not page.locator(".masthead nav").is_visible()
    context.close()
