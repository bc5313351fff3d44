"""The reader in crisis, on a phone: help first, numbers a thumb can tap, one set of steps.

Each test reproduces something a frightened reader met on the site: numbers in
the "Get help now" box that could not be tapped, four different sets of
overdose steps, help far down the page, a focus ring that vanished on the red
bar, and a diagram whose boxes ran into each other.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import DESKTOP, NARROW

PHONE_TALL = {"width": 360, "height": 740}
PAGES = {
    "home": "/",
    "pathway": "/pathway/",
    "stage": "/pathway/stabilization/",
    "overdose": "/articles/overdose-response/",
    "naloxone": "/articles/naloxone/",
    "fentanyl": "/substances/fentanyl/",
    "glossary": "/glossary/",
    "about": "/about/",
    "search": "/search/?q=naloxone",
    "not-found": "/articles/nope/",
}
TAP_TARGETS = {
    "tel:911",
    "tel:988",
    "sms:988",
    "tel:+18006624357",
    "tel:+18004874889",
    "tel:+18002221222",
    "sms:435748",
}
# Text that still reads as a number to call once every tap link is taken out.
LOOSE_NUMBER = r"(?:1-)?\d{3}-\d{3}-\d{4}|\b911\b|\b988\b(?!\s*Suicide|\s*Lifeline|lifeline)"

UNTAPPED_JS = """(pattern) => {
  const re = new RegExp(pattern);
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement.closest('a[href^="tel:"], a[href^="sms:"], a[href^="/"], a[href^="#"], .also, script, style, title')) continue;
    const m = node.textContent.match(re);
    if (m) found.push(m[0] + ' in: ' + node.textContent.trim().slice(0, 60));
  }
  return found;
}"""

CONTRAST_JS = """(el) => {
  const parse = (c) => c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let bgEl = el;
  let bg = getComputedStyle(bgEl).backgroundColor;
  while (bg === 'rgba(0, 0, 0, 0)' && bgEl.parentElement) { bgEl = bgEl.parentElement; bg = getComputedStyle(bgEl).backgroundColor; }
  const ring = getComputedStyle(el).outlineColor;
  const [a, b] = [lum(parse(ring)), lum(parse(bg))];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


def open_page(browser: Any, url: str, size: dict[str, int]) -> Any:
    context = browser.new_context(viewport=size)
    page = context.new_page()
    page.goto(url)
    return page


@pytest.mark.parametrize("size", [PHONE_TALL, DESKTOP], ids=["phone", "desktop"])
def test_every_help_number_is_a_link_a_phone_can_tap(
    browser: Any, live_server: Any, size: dict[str, int]
) -> None:
    for name, path in PAGES.items():
        page = open_page(browser, live_server.url + path, size)
        hrefs = set(
            page.eval_on_selector_all(
                'a[href^="tel:"], a[href^="sms:"]', "els => els.map(e => e.getAttribute('href'))"
            )
        )
        assert hrefs and hrefs <= TAP_TARGETS, (name, hrefs - TAP_TARGETS)
        assert page.evaluate(UNTAPPED_JS, LOOSE_NUMBER) == [], name
        # A number never breaks across lines: each tap link is one line high.
        heights = page.eval_on_selector_all(
            'a[href^="tel:"]',
            "els => els.map(e => e.getClientRects().length)",
        )
        assert all(rects == 1 for rects in heights), name
        links = page.eval_on_selector_all(
            'a[href="https://findtreatment.gov/"]', "els => els.length"
        )
        assert links >= 1, name  # FindTreatment.gov is a real link, in the crisis box
        page.context.close()


def test_the_overdose_steps_are_the_same_everywhere_they_appear(
    browser: Any, live_server: Any
) -> None:
    texts: dict[str, list[str]] = {}
    for name in ("home", "overdose", "naloxone", "fentanyl", "stage"):
        page = open_page(browser, live_server.url + PAGES[name], DESKTOP)
        texts[name] = page.eval_on_selector_all(
            '[data-include="overdose-steps"]',
            "els => els.map(e => e.innerText.replace(/\\[\\d+\\]/g, '').replace(/\\s+/g, ' ').trim())",
        )
        page.context.close()
    every = [t for found in texts.values() for t in found]
    assert len(texts["overdose"]) == 2 and len(texts["fentanyl"]) == 2  # the page and the box
    assert len(set(every)) == 1
    steps = every[0]
    # Current AHA and SAMHSA order: call 911, CPR for anyone not breathing (no
    # "if trained" gate), naloxone, a second dose in the other nostril, stay.
    for words in ("911", "CPR", "naloxone", "other nostril", "Stay with them"):
        assert words in steps, words
    assert steps.index("911") < steps.index("CPR") < steps.index("another dose")
    assert not re.search(r"if you (have been|are) trained, give rescue breaths or CPR", steps)


def test_help_comes_first_on_a_phone(browser: Any, live_server: Any) -> None:
    screen = PHONE_TALL["height"]
    page = open_page(browser, live_server.url + "/", PHONE_TALL)
    link = page.locator('a[href$="/articles/overdose-response/#overdose-steps"]').first
    box = link.bounding_box()
    assert box is not None and box["y"] + box["height"] <= screen
    link.click()
    steps = page.locator('main [data-include="overdose-steps"]').bounding_box()
    assert steps is not None and steps["y"] < page.evaluate("window.scrollY") + screen
    page.context.close()

    page = open_page(browser, live_server.url + PAGES["overdose"], PHONE_TALL)
    steps = page.locator('main [data-include="overdose-steps"]').bounding_box()
    signs = page.locator("main h2", has_text="Signs").first.bounding_box()
    assert steps is not None and signs is not None
    assert steps["y"] < screen  # the steps start on the first screen
    assert steps["y"] < signs["y"]  # before the signs
    page.context.close()

    for name, path in PAGES.items():  # the full box is one tap away everywhere
        page = open_page(browser, live_server.url + path, PHONE_TALL)
        more = page.locator('.crisis-bar a[href="#crisis"]').bounding_box()
        assert more is not None and more["y"] + more["height"] <= screen, name
        page.locator('.crisis-bar a[href="#crisis"]').click()
        crisis = page.locator("#crisis").bounding_box()
        assert crisis is not None and abs(crisis["y"]) < 50, name
        page.context.close()


def test_crisis_links_are_big_targets_with_a_visible_focus_ring(
    browser: Any, live_server: Any
) -> None:
    page = open_page(browser, live_server.url + "/", PHONE_TALL)
    for box in page.eval_on_selector_all(
        ".crisis-bar a, .crisis a[href^='tel:'], .crisis a[href^='sms:']",
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })",
    ):
        assert box[0] >= 24 and box[1] >= 44, box
    for box in page.eval_on_selector_all(
        "main a:not(.body a):not(p a):not(li a), .masthead a, .search-form button",
        "els => els.filter(e => e.offsetParent !== null)"
        ".map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })",
    ):
        assert box[0] >= 24 and box[1] >= 24, box
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the first crisis-bar link
    focused = page.evaluate_handle("document.activeElement")
    assert page.evaluate("(el) => el.closest('.crisis-bar') !== null", focused)
    assert page.evaluate(CONTRAST_JS, focused) >= 3
    page.context.close()


@pytest.mark.parametrize(
    "size", [NARROW, {"width": 360, "height": 740}, DESKTOP], ids=["320", "360", "1280"]
)
def test_the_pathway_diagram_reads_at_every_width(
    browser: Any, live_server: Any, size: dict[str, int]
) -> None:
    page = open_page(browser, live_server.url + "/pathway/", size)
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    boxes = page.eval_on_selector_all(
        ".diagram-stage a",
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, e.scrollWidth > e.clientWidth]; })",
    )
    assert len(boxes) == 8
    for i, a in enumerate(boxes):
        assert not a[4], f"stage {i + 1}'s name overflows its box"
        for b in boxes[i + 1 :]:
            overlap = a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1
            assert not overlap
    # The medication stripe is the legend's colour, on straight edges (no crescent).
    radius = page.eval_on_selector(
        ".diagram-stage.with-medication a",
        "e => getComputedStyle(e).borderTopRightRadius + ' ' + getComputedStyle(e).borderBottomRightRadius",
    )
    swatch = page.eval_on_selector(".band-swatch", "e => getComputedStyle(e).backgroundColor")
    stripe = page.eval_on_selector(
        ".diagram-stage.with-medication a",
        "e => { const s = getComputedStyle(e); return s.borderRightWidth === '1px' ? s.borderBottomColor : s.borderRightColor; }",
    )
    assert swatch == stripe
    if size["width"] < 640:
        assert radius == "0px 0px"
    page.context.close()


def test_one_search_box_and_one_help_box_on_results(browser: Any, live_server: Any) -> None:
    page = open_page(browser, live_server.url + "/search/?q=zzzqqq", PHONE_TALL)
    assert page.locator("input[type=search]").count() == 1
    assert page.get_by_role("heading", name="Get help now").count() == 1
    placeholder_fits = page.eval_on_selector(
        "input[type=search]", "e => e.scrollWidth <= e.clientWidth"
    )
    assert placeholder_fits
    page.context.close()
    page = open_page(browser, live_server.url + "/", PHONE_TALL)
    assert page.eval_on_selector(
        "#site-search",
        """e => { const c = document.createElement('canvas').getContext('2d');
                  const s = getComputedStyle(e); c.font = s.fontSize + ' ' + s.fontFamily;
                  return c.measureText(e.placeholder).width <= e.clientWidth; }""",
    )
    page.context.close()


def test_screenshots_for_the_frightened_parent(browser: Any, live_server: Any, shot: Any) -> None:
    for name in ("home", "overdose", "stage", "fentanyl", "glossary"):
        page = open_page(browser, live_server.url + PAGES[name], PHONE_TALL)
        shot(page, f"crisis-{name}-360")
        page.context.close()
