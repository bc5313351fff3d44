"""Hostile content in a real browser: no script runs, no dialog opens, and the
Content Security Policy is never violated, on public pages or in the editor."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from pathways.content.format.parsing import normalize_body
from pathways.models import Article
from tests.browser.conftest import DESKTOP, collect_dialogs, log_in
from tests.browser.test_reading import PAGES

WATCH = """
window.__csp = [];
window.__ran = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""

# Representative payloads: each would set window.__ran or open a dialog if it ran.
PAYLOADS = [
    "<script>window.__ran.push('script')</script>",
    "<img src=x onerror=\"window.__ran.push('img')\">",
    "<svg onload=\"window.__ran.push('svg')\"></svg>",
    "[click me](javascript:window.__ran.push('md-link'))",
    "[ref link][r]\n\n[r]: javascript:alert('ref')",
    '<a href="javascript:alert(\'a\')" id="evil">evil anchor</a>',
    "<details open ontoggle=\"window.__ran.push('details')\">x</details>",
    "<iframe src=\"javascript:alert('iframe')\"></iframe>",
    "[[naloxone|<img src=x onerror=\"window.__ran.push('label')\">]]",
    "Paragraph\n{: onclick=\"window.__ran.push('attr')\" }",
    "<p style=\"background:url(javascript:alert('style'))\">styled</p>",
    "<form action=\"javascript:alert('form')\"><button>go</button></form>",
]


def watched_page(browser: Any) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(WATCH)
    page = context.new_page()
    dialogs = collect_dialogs(page)
    return context, page, dialogs


def test_public_pages_have_no_csp_violation(browser: Any, live_server: Any) -> None:
    context, page, dialogs = watched_page(browser)
    for name, path in PAGES.items():
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__csp") == [], name
    assert dialogs == []
    context.close()


def test_payloads_in_an_article_do_not_run(browser: Any, live_server: Any) -> None:
    article = Article.objects.get(slug="naloxone")
    article.body = normalize_body("\n\n".join(PAYLOADS))
    article.save()
    context, page, dialogs = watched_page(browser)
    page.goto(live_server.url + "/articles/naloxone/")
    hrefs = page.locator("main .body a").evaluate_all("links => links.map(a => a.href)")
    assert not [h for h in hrefs if h and not h.startswith(live_server.url)]
    count = page.locator("main .body a").count()
    for index in range(count):
        link = page.locator("main .body a").nth(index)
        if link.is_visible():
            link.click(timeout=2000)
            page.goto(live_server.url + "/articles/naloxone/")
    assert page.evaluate("window.__ran") == []
    assert page.evaluate("window.__csp") == []
    assert dialogs == []
    context.close()


def test_payloads_typed_into_the_admin_preview_do_not_run(browser: Any, live_server: Any) -> None:
    User.objects.create_superuser("admin", "admin@example.org", "a long passphrase")
    article = Article.objects.get(slug="naloxone")
    context, page, dialogs = watched_page(browser)
    log_in(page, live_server.url, "admin", "a long passphrase")
    page.goto(f"{live_server.url}/admin/pathways/article/{article.pk}/change/")
    body = page.locator("textarea#id_body")
    for index, payload in enumerate(PAYLOADS):
        body.fill(f"{payload}\n\nmarker-{index}")
        page.locator(".markdownx-preview", has_text=f"marker-{index}").wait_for(timeout=10_000)
    preview = page.locator(".markdownx-preview")
    assert preview.locator("script, img, svg, iframe, form").count() == 0
    assert page.evaluate("window.__ran") == []
    assert page.evaluate("window.__csp") == []
    assert dialogs == []
    context.close()
