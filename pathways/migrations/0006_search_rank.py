# PostgreSQL English search matches through a GIN index over an expression
# (the weighted vector of title, other names, summary and body) instead of a
# stored `document` column, and ranks on a small stored `ranking` vector: the
# title, other names, summary and the body's first 1000 characters, cut at a
# word. See pathways.search.backends.postgres for why; the SQL below is that
# module's, as it stood when this migration was written.

import django.contrib.postgres.search
from django.db import migrations

MATCH = (
    "(setweight(to_tsvector('english'::regconfig, title), 'A') || "
    "setweight(to_tsvector('english'::regconfig, synonyms), 'B') || "
    "setweight(to_tsvector('english'::regconfig, summary), 'B') || "
    "setweight(to_tsvector('english'::regconfig, body), 'D'))"
)
OPENING = (
    "CASE WHEN length(body) <= 1000 THEN body "
    "ELSE regexp_replace(left(body, 1001), '\\s*\\S*$', '') END"
)
RANKING = (
    "setweight(to_tsvector('english'::regconfig, title), 'A') || "
    "setweight(to_tsvector('english'::regconfig, synonyms), 'B') || "
    "setweight(to_tsvector('english'::regconfig, summary), 'B') || "
    f"setweight(to_tsvector('english'::regconfig, {OPENING}), 'D')"
)


def drop_document_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS pathways_searchentry_document_gin")


def restore_document_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"UPDATE pathways_searchentry SET document = {MATCH}")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS pathways_searchentry_document_gin "
            "ON pathways_searchentry USING gin (document)"
        )


def add_ranking(apps, schema_editor):
    """Keep rankings inline, fill them, and index both vectors.

    STORAGE MAIN keeps the ranking vector in the row (never TOASTed out), so
    ranking a match never fetches it from elsewhere. fastupdate off: a GIN
    pending list (flushed only by vacuum) would be scanned by every search.
    """
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE pathways_searchentry ALTER COLUMN ranking SET STORAGE MAIN")
    schema_editor.execute(f"UPDATE pathways_searchentry SET ranking = {RANKING}")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS pathways_searchentry_match ON pathways_searchentry "
        f"USING gin ({MATCH}) WITH (fastupdate = off)"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS pathways_searchentry_ranking ON pathways_searchentry "
        "USING gin (ranking) WITH (fastupdate = off)"
    )


def drop_ranking_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS pathways_searchentry_match")
        schema_editor.execute("DROP INDEX IF EXISTS pathways_searchentry_ranking")


class Migration(migrations.Migration):
    dependencies = [
        ("pathways", "0005_lint_key"),
    ]

    operations = [
        migrations.RunPython(drop_document_index, restore_document_index, elidable=False),
        migrations.RemoveField(model_name="searchentry", name="document"),
        migrations.AddField(
            model_name="searchentry",
            name="ranking",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(add_ranking, drop_ranking_indexes, elidable=False),
    ]
