"""Browser tests: Playwright drives the system Chromium against live_server.

Run once, on SQLite, by `make browser` (part of `make test`). Screenshots land
in `screenshots/` at the top of the project, where a person can look at them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(settings.BASE_DIR) / "screenshots"
PHONE = {"width": 360, "height": 640}
NARROW = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    # Playwright can't download its own browser here; use Debian's Chromium,
    # with the switches that keep it from reaching for Google's servers.
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def browser(browser: Any) -> Iterator[Any]:
    """The session's browser, whose new contexts block service workers unless a test
    asks for them (`service_workers="allow"`): a worker's background fetches would
    otherwise still be talking to the live server while it flushes the database."""
    original = browser.new_context

    def new_context(**kwargs: Any) -> Any:
        kwargs.setdefault("service_workers", "block")
        return original(**kwargs)

    browser.new_context = new_context
    yield browser
    browser.new_context = original


@pytest.fixture(scope="session")
def corpus_dump(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The real content/ loaded once, as the site runs, and its rows dumped.

    The browser tests walk the real pages a reader gets. Loading the content
    (parsing, checks, lint, rendering) takes seconds; restoring its rows after
    each test's flush takes a fraction of that, and gives the same rows.
    """
    from pathways.content.sync.load import load_content

    path = tmp_path_factory.mktemp("corpus") / "pathways.json"
    with django_db_blocker.unblock():
        report = load_content(settings.CONTENT_DIR)
        assert report.errors == [], report.errors
        call_command("dumpdata", "pathways", natural_foreign=True, output=str(path), verbosity=0)
    return path


@pytest.fixture(autouse=True)
def corpus(transactional_db: None, corpus_dump: Path) -> Iterator[None]:
    """live_server tests flush the database after each test; restore the content."""
    from pathways.models import Article

    if not Article.objects.exists():
        call_command("loaddata", str(corpus_dump), verbosity=0)
    yield


@pytest.fixture
def shot() -> Any:
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page: Any, name: str) -> None:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take


def collect_dialogs(page: Any) -> list[str]:
    """Dismiss every alert/confirm/prompt the page opens, and remember its message."""
    messages: list[str] = []

    def on_dialog(dialog: Any) -> None:
        messages.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return messages


def log_in(page: Any, base_url: str, username: str, password: str) -> None:
    page.goto(base_url + "/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
