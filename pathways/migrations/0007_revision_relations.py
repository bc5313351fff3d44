# Revisions keep the item's sources (and an article's substances) as JSON, so a
# restore can bring them back. Nullable: revisions made before say nothing.

from django.db import migrations, models

HISTORICAL = [
    "historicalarticle",
    "historicalblock",
    "historicalcrisisbox",
    "historicalglossaryterm",
    "historicalstage",
    "historicalsubstance",
    "historicaltranslation",
]


class Migration(migrations.Migration):

    dependencies = [
        ("pathways", "0006_search_rank"),
    ]

    operations = [
        *(
            migrations.AddField(
                model_name=name,
                name="revision_sources",
                field=models.JSONField(blank=True, editable=False, null=True),
            )
            for name in HISTORICAL
        ),
        migrations.AddField(
            model_name="historicalarticle",
            name="revision_substances",
            field=models.JSONField(blank=True, editable=False, null=True),
        ),
    ]
