"""Index every word of each Spanish page on SQLite.

The SQLite index of translated pages held only the first 12 words of each
title, summary and body (a query's cap, applied to pages by mistake), so a
Spanish reader's search missed pages. PostgreSQL always indexed every word.
"""

from django.db import migrations


def index_every_word(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    # The FTS table is not a model; the indexer's own function writes it.
    from pathways.search.spanish import write_stemmed

    entries = apps.get_model("pathways", "TranslatedSearchEntry").objects.all()
    for entry in entries.iterator():
        write_stemmed(entry)

class Migration(migrations.Migration):
    dependencies = [("pathways", "0007_revision_relations")]

    operations = [migrations.RunPython(index_every_word, migrations.RunPython.noop)]
