"""What a revision holds beyond its row: the item's sources and an article's substances.

simple_history copies an item's own columns into each revision. Its sources
are rows of their own (a generic relation) and an article's substances a
many-to-many, so each revision also keeps them as JSON (`RevisionSources`
in pathways.models), and restoring the revision brings them back
(`pathways.admin.revisions`).

- A revision is filled as it is made (`snapshot`, on simple_history's
  `pre_create_historical_record`): right for a write that leaves the
  relations alone (a review, a script's text edit).
- A writer that saves relations after the item (the admin's inlines and
  many-to-many, the loader) has them recorded when the item is published
  (`record_relations`, from the publishing core), so the revision holds
  them as saved, not as they were before.
- A new item's first revision is made before it can have any: it records
  nothing (None, "not recorded") unless its writer's publish records them.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from simple_history.signals import pre_create_historical_record

from pathways.models import Source

SOURCE_FIELDS = ("key", "title", "publisher", "url", "edition", "published", "checked", "position")
DATE_FIELDS = ("published", "checked")
LATEST = "_pathways_revision"  # on an instance: the revision its last save made
RESTORING = "pathways_restore"  # on a request: the restore it is making


def source_rows(item: Model) -> list[dict[str, Any]]:
    """The item's sources as stored now, as a revision keeps them (dates as ISO text)."""
    rows = Source.objects.filter(
        content_type=ContentType.objects.get_for_model(type(item)), object_id=item.pk
    ).order_by("position", "id")
    return [
        {**row, **{name: row[name] and row[name].isoformat() for name in DATE_FIELDS}}
        for row in rows.values(*SOURCE_FIELDS)
    ]


def relations(item: Model, revision: Any) -> dict[str, Any]:
    """The values of the revision's relation fields, read from the item as it is now."""
    values: dict[str, Any] = {"revision_sources": source_rows(item)}
    if hasattr(revision, "revision_substances"):
        values["revision_substances"] = list(
            item.substances.values_list("slug", flat=True)  # type: ignore[attr-defined]
        )
    return values


def snapshot(sender: type[Model], instance: Model, history_instance: Any, **kwargs: Any) -> None:
    if not hasattr(history_instance, "revision_sources"):
        return
    setattr(instance, LATEST, history_instance)
    if history_instance.history_type == "~":  # a new item has none yet; a deleted one, none left
        for name, value in relations(instance, history_instance).items():
            setattr(history_instance, name, value)


def record_relations(item: Model) -> None:
    """The item's latest revision now holds its sources and substances as saved."""
    revision = getattr(item, LATEST, None)
    if revision is None or revision.pk is None:
        history = getattr(item, "history", None)
        revision = history.order_by("-history_date", "-history_id").first() if history else None
    if revision is None or not hasattr(revision, "revision_sources"):
        return
    values = relations(item, revision)
    type(revision)._default_manager.filter(pk=revision.pk).update(**values)
    for name, value in values.items():
        setattr(revision, name, value)


def connect() -> None:
    pre_create_historical_record.connect(snapshot, dispatch_uid="pathways_revision_relations")
