"""Each database's index: words never become syntax; PostgreSQL ranks in two stages."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from types import ModuleType

import pytest
from django.db import connection
from django.db.models.functions import Length
from django.test.utils import CaptureQueriesContext

import pathways
from pathways.models import SearchEntry
from pathways.search.backends import postgres
from pathways.search.backends.sqlite import match_expression, quote
from tests.factories import make_article

MIGRATIONS = Path(pathways.__file__).parent / "migrations"


def latest_migration_defining(name: str) -> ModuleType:
    """The newest migration that defines `name`: the SQL the database was built with."""
    for path in sorted(MIGRATIONS.glob("0*.py"), reverse=True):
        module = import_module(f"pathways.migrations.{path.stem}")
        if hasattr(module, name):
            return module
    raise LookupError(name)


def on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")


@pytest.fixture
def treatment_pages(small_site: Path) -> None:
    """Beside the small site, pages that say "treatment" in their title and pages that
    say it only past the opening the ranking vector keeps: six, so a limit of five
    cuts into the second stage."""
    for n in range(1, 4):
        make_article(f"titled-{n}", f"Treatment option {n}")
        filler = "Words that come before the point. " * (postgres.RANKING_BODY_CHARS // 30)
        make_article(f"later-{n}", f"Longer page {n}", body=f"{filler}\n\nThen treatment.\n")


# -- SQLite ---------------------------------------------------------------------


def test_fts_strings_quote_every_word() -> None:
    assert quote('say "hi"') == '"say ""hi"""'
    assert match_expression(["a", "b"], [["c", "d"], []], match_all=True) == (
        '("a" AND "b") OR ("c" AND "d")'
    )
    assert match_expression(["a", "b"], [], match_all=False) == '("a" OR "b")'


# -- PostgreSQL -----------------------------------------------------------------


def test_tsquery_sql_takes_words_only_as_parameters() -> None:
    sql, params = postgres.tsquery(["a", "b"], ["c d"], match_all=True)
    assert params == ["a", "b", "c d"]
    assert sql.count("%s") == 3 and "a" not in sql.replace("plainto_tsquery", "")


def test_the_opening_never_ends_in_half_a_word() -> None:
    size = postgres.RANKING_BODY_CHARS
    assert postgres.opening("short body") == "short body"
    words = "word " * (size // 5 - 1)
    assert len(words + "lastx") == size
    # The limit falls just after a word: every word before it stays.
    assert postgres.opening(words + "lastx and more") == words + "lastx"
    # A word crosses the limit: it is left out entirely.
    assert postgres.opening(words + "crossing more") == words.rstrip()


def test_the_match_expression_is_the_indexed_one() -> None:
    """The query must spell MATCH exactly as the index does, or PostgreSQL can't use it."""
    assert latest_migration_defining("MATCH").MATCH == postgres.MATCH


@pytest.mark.usefixtures("treatment_pages")
def test_migration_and_indexer_build_the_same_ranking_vector() -> None:
    on_postgresql()
    ranking = latest_migration_defining("RANKING").RANKING
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT slug FROM pathways_searchentry WHERE ranking <> ({ranking})")  # noqa: S608
        assert cursor.fetchall() == []
    long = SearchEntry.objects.annotate(size=Length("body")).filter(size__gt=1000)
    assert long.exists()  # the cut was compared too


@pytest.mark.usefixtures("treatment_pages")
def test_two_stages_find_every_match_each_stage_in_rank_order() -> None:
    on_postgresql()
    query, params = postgres.tsquery(["treatment"], [], match_all=True)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, ranking @@ {query} FROM pathways_searchentry "  # noqa: S608
            f"WHERE {postgres.MATCH} @@ {query}",
            [*params, *params],
        )
        opening = {pk: in_ranking for pk, in_ranking in cursor.fetchall()}
    ids = postgres.ranked_ids(["treatment"], [], True, limit=10_000)
    assert sorted(ids) == sorted(opening)
    first = [opening[pk] for pk in ids]
    assert first == sorted(first, reverse=True)  # ranking matches first, then the rest
    assert any(first) and not all(first)
    assert postgres.ranked_ids(["treatment"], [], True, limit=5) == ids[:5]


@pytest.mark.usefixtures("small_site")
def test_a_half_word_at_the_cut_matches_nothing() -> None:
    on_postgresql()
    entry = SearchEntry.objects.get(slug="staying-safe")
    entry.body = "word " * (postgres.RANKING_BODY_CHARS // 5 - 1) + "zebrafinches"
    fields = {"title": entry.title, "synonyms": entry.synonyms, "summary": entry.summary}
    entry.ranking = postgres.ranking({**fields, "body": entry.body})
    entry.save()
    assert postgres.ranked_ids(["zebrafinches"], [], True, 10) == [entry.pk]
    assert postgres.ranked_ids(["zebraf"], [], True, 10) == []  # cut at "zebraf|inches"


@pytest.mark.usefixtures("treatment_pages")
def test_body_matches_are_found_through_the_index() -> None:
    """Never a sequential scan that would read every page's whole text."""
    on_postgresql()
    with CaptureQueriesContext(connection) as queries:
        postgres.ranked_ids(["treatment"], ["Opioid treatment program (OTP)"], False, 10_000)
    further = queries.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {further}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "pathways_searchentry_match" in plan, plan
