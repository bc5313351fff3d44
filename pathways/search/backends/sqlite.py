"""SQLite search: FTS5 tables beside the entry tables, ranked with weighted bm25.

English entries are mirrored into their FTS table by triggers. The table and
its triggers are created (and the index rebuilt) after every `migrate`,
because a migration that rebuilds `pathways_searchentry` on SQLite drops the
triggers with the old table and the index would silently go stale.

Translated entries are written to their own FTS table by the indexer, already
accent-folded and stemmed (SQLite has no Spanish stemmer), so their queries
arrive here as stems too.

Callers hand over words, never query syntax: each word is quoted as an FTS5
string. All SQL is built from this module's constants; query text only ever
reaches the database as a bound parameter.
"""

from __future__ import annotations

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

FTS = "pathways_searchentry_fts"
SOURCE = "pathways_searchentry"
COLUMNS = "title, synonyms, summary, body"
# Title first, then synonyms and summary, then body: bm25 weights per column.
WEIGHTS = "10.0, 6.0, 4.0, 1.0"
TRIGGERS = {
    f"{SOURCE}_fts_insert": f"""
        CREATE TRIGGER IF NOT EXISTS {SOURCE}_fts_insert AFTER INSERT ON {SOURCE} BEGIN
            INSERT INTO {FTS}(rowid, {COLUMNS})
            VALUES (new.id, new.title, new.synonyms, new.summary, new.body);
        END""",
    f"{SOURCE}_fts_delete": f"""
        CREATE TRIGGER IF NOT EXISTS {SOURCE}_fts_delete AFTER DELETE ON {SOURCE} BEGIN
            INSERT INTO {FTS}({FTS}, rowid, {COLUMNS})
            VALUES ('delete', old.id, old.title, old.synonyms, old.summary, old.body);
        END""",
    f"{SOURCE}_fts_update": f"""
        CREATE TRIGGER IF NOT EXISTS {SOURCE}_fts_update AFTER UPDATE ON {SOURCE} BEGIN
            INSERT INTO {FTS}({FTS}, rowid, {COLUMNS})
            VALUES ('delete', old.id, old.title, old.synonyms, old.summary, old.body);
            INSERT INTO {FTS}(rowid, {COLUMNS})
            VALUES (new.id, new.title, new.synonyms, new.summary, new.body);
        END""",
}
TRANSLATED_FTS = "pathways_translatedsearch_fts"
TRANSLATED_SOURCE = "pathways_translatedsearchentry"


def ensure_index(connection: BaseDatabaseWrapper) -> None:
    """Create the FTS table and triggers if missing, then rebuild the index from the table."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5({COLUMNS}, "
            f"content='{SOURCE}', content_rowid='id', "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )
        for sql in TRIGGERS.values():
            cursor.execute(sql)
        cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")


def missing_triggers(connection: BaseDatabaseWrapper) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {row[0] for row in cursor.fetchall()}
    return sorted(set(TRIGGERS) - present)


def quote(term: str) -> str:
    """An FTS5 string: whatever is inside is searched as words, never as syntax."""
    return '"' + term.replace('"', '""') + '"'


def match_expression(words: list[str], phrases: list[list[str]], match_all: bool) -> str:
    """The words (all or any of them), or any phrase with all of its words."""
    groups = [(" AND " if match_all else " OR ").join(quote(w) for w in words)]
    groups += [" AND ".join(quote(w) for w in phrase) for phrase in phrases if phrase]
    return " OR ".join(f"({g})" for g in groups)


def ranked_ids(
    words: list[str], phrases: list[list[str]], match_all: bool, limit: int
) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s "
            f"ORDER BY bm25({FTS}, {WEIGHTS}) LIMIT %s",
            [match_expression(words, phrases, match_all), limit],
        )
        return [row[0] for row in cursor.fetchall()]


# -- Translated entries ----------------------------------------------------------


def ensure_translated_index() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {TRANSLATED_FTS} USING fts5("
            f"{COLUMNS}, tokenize='unicode61 remove_diacritics 2')"
        )


def write_translated(pk: int, title: str, synonyms: str, summary: str, body: str) -> None:
    """Replace one translated entry's row; the text is already folded and stemmed."""
    ensure_translated_index()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TRANSLATED_FTS} WHERE rowid = %s", [pk])
        cursor.execute(
            f"INSERT INTO {TRANSLATED_FTS}(rowid, {COLUMNS}) VALUES (%s, %s, %s, %s, %s)",
            [pk, title, synonyms, summary, body],
        )


def forget_translated(pks: list[int]) -> None:
    ensure_translated_index()
    with connection.cursor() as cursor:
        for pk in pks:
            cursor.execute(f"DELETE FROM {TRANSLATED_FTS} WHERE rowid = %s", [pk])


def ranked_translated_ids(
    stems: list[str], phrases: list[list[str]], match_all: bool, language: str, limit: int
) -> list[int]:
    ensure_translated_index()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT f.rowid FROM {TRANSLATED_FTS} f JOIN {TRANSLATED_SOURCE} e "
            f"ON e.id = f.rowid WHERE {TRANSLATED_FTS} MATCH %s AND e.language = %s "
            f"ORDER BY bm25({TRANSLATED_FTS}, {WEIGHTS}) LIMIT %s",
            [match_expression(stems, phrases, match_all), language, limit],
        )
        return [row[0] for row in cursor.fetchall()]
