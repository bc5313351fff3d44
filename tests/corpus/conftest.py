"""The real content/, for the tests that are about it: the crawl, the page budgets,
search over the real pages and the content rules.

Every other test builds what it needs on the small fixture tree
(`small_site`) or with `tests.factories`, so an editor's rename in content/
never breaks a test of the code.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction

from pathways.content.sync.batch import LoadReport
from pathways.content.sync.load import load_content


@pytest.fixture(scope="package")
def corpus_load(django_db_setup: None, django_db_blocker: Any) -> Iterator[LoadReport]:
    """content/ loaded once per test process, inside a transaction rolled back at the end.

    Each test still runs in its own savepoint inside it (pytest-django's `db`),
    as Django's TestCase does with setUpTestData, so no test sees another's writes.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        report = load_content(settings.CONTENT_DIR)
    yield report
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def corpus(corpus_load: LoadReport, db: None) -> LoadReport:
    """The real content, loaded; the report of its load."""
    return corpus_load
