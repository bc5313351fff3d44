"""SQLite search: an FTS5 index that mirrors `SearchEntry` through triggers.

The FTS table and its triggers are created (and the index rebuilt) after every
`migrate`, because a migration that rebuilds `pathways_searchentry` on SQLite
drops the triggers with the old table and the index would silently go stale.

All SQL here is built from the module's own constants; query text only ever
reaches the database as a bound parameter.
"""

from __future__ import annotations

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


def ranked_ids(terms: list[str], extra: list[str], match_all: bool, limit: int) -> list[int]:
    from django.db import connection

    from pathways.search import query_terms

    groups = [(" AND " if match_all else " OR ").join(quote(t) for t in terms)]
    for phrase in extra:
        words = query_terms(phrase)
        if words:
            groups.append(" AND ".join(quote(w) for w in words))
    expression = " OR ".join(f"({g})" for g in groups)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s "
            f"ORDER BY bm25({FTS}, {WEIGHTS}) LIMIT %s",
            [expression, limit],
        )
        return [row[0] for row in cursor.fetchall()]
