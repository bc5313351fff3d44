"""Model signals on every content model: each write hands its item to the core.

- `post_init` remembers what the row was as read (its sync hash, address,
  title, link text and status), so a save knows what it changed without a
  query.
- `pre_save` dates a change of the text a reader sees: every save but the
  loader's, which takes the date from the file.
- `post_save` hands the item to `core.written`: published at once, or with
  the batch it is part of (`core.batch`).
- `post_delete` withdraws it (`core.withdraw`), however it was deleted.
- A source saved or deleted on its own (an admin inline, a script) publishes
  its item again: sources are part of the item's text.
- Each revision simple_history makes keeps the item's sources and
  substances (`revisions`).

Connected in `PathwaysConfig.ready`.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_init, post_save, pre_delete, pre_save
from django.utils import timezone

from pathways.content.format.texthash import READER_FIELDS
from pathways.models import ITEM_MODELS, Item, Source
from pathways.publishing import core, revisions
from pathways.publishing.before import Before, source_rows

STORED = "_stored_current_hash"
AS_READ = "_published_as"


def remember(sender: type[Item], instance: Item, **kwargs: Any) -> None:
    """The row as read from the database (fields deferred at read time are None)."""
    values = instance.__dict__
    setattr(instance, STORED, values.get("current_hash"))
    if instance.pk is None:
        setattr(instance, AS_READ, None)
        return
    setattr(
        instance,
        AS_READ,
        tuple(values.get(f) for f in ("slug", "title", "link_text", "status")),
    )


def vouched_by_saver(instance: Item) -> bool:
    """The saver set a new hash of its own: it knows the text (the loader sets the file's)."""
    given = instance.__dict__.get("current_hash")
    stored = getattr(instance, STORED, None)
    return bool(given) and (instance._state.adding or given != stored)


def date_text_changes(
    sender: type[Item], instance: Item, raw: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    """`updated` is today whenever a save changes the text a reader sees.

    Every save but the loader's: an admin edit, a restore, a script's save().
    A load takes the date from the file (it vouches for its own hash), so a
    load that reproduces the files leaves the database equal to them. A new
    item without a date is dated today. The sources as they were are read
    here too, before an inline replaces them, so the core can date a change
    of sources alone.
    """
    if raw:
        return
    vouched = vouched_by_saver(instance)
    instance._publish_vouched = vouched  # type: ignore[attr-defined]
    instance._publish_before = None  # type: ignore[attr-defined]
    if vouched:
        return
    today = timezone.localdate()
    if instance._state.adding or instance.pk is None:
        if instance.updated is None:
            instance.updated = today
        return
    columns = {field.attname for field in sender._meta.concrete_fields}
    loaded = [f for f in READER_FIELDS if f in columns and f in instance.__dict__]
    before = (
        sender._default_manager.filter(pk=instance.pk)
        .values("slug", "title", "link_text", "status", *loaded)
        .first()
    )
    if before is None:
        return
    instance._publish_before = Before(  # type: ignore[attr-defined]
        slug=before["slug"],
        title=before["title"],
        link_text=before["link_text"],
        status=before["status"],
        sources=source_rows(instance),
    )
    if instance.updated == today or all(before[f] == getattr(instance, f) for f in loaded):
        return
    instance.updated = today
    if update_fields is not None and "updated" not in update_fields:
        sender._default_manager.filter(pk=instance.pk).update(updated=today)


def as_read(instance: Item) -> Before | None:
    """The row before this save, without a query: what it was when it was read."""
    values = getattr(instance, AS_READ, None)
    if not values or values[0] is None:
        return None
    slug, title, link_text, status = values
    return Before(slug=slug, title=title or "", link_text=link_text or "", status=status or "")


def hand_over(
    sender: type[Item], instance: Item, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw:  # loaddata: rows arrive exactly as they were dumped
        return
    before = getattr(instance, "_publish_before", None) or (None if created else as_read(instance))
    vouched = getattr(instance, "_publish_vouched", False)
    setattr(instance, STORED, instance.current_hash)
    setattr(instance, AS_READ, (instance.slug, instance.title, instance.link_text, instance.status))
    core.written(instance, before, vouched)


def mark_deleting(sender: type[Item], instance: Item, **kwargs: Any) -> None:
    core.deleting(instance)


def withdraw_deleted(sender: type[Item], instance: Item, **kwargs: Any) -> None:
    core.withdraw(instance)


def source_changed(sender: type[Source], instance: Source, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    model = instance.content_type.model_class()
    if model in ITEM_MODELS.values():
        # An item deleted with its sources is skipped when published: its
        # own delete withdrew it.
        core.sources_written(model, instance.object_id)  # type: ignore[arg-type]


def connect() -> None:
    for model in ITEM_MODELS.values():
        post_init.connect(remember, sender=model, dispatch_uid=f"remember_{model}")
        pre_save.connect(date_text_changes, sender=model, dispatch_uid=f"date_text_{model}")
        post_save.connect(hand_over, sender=model, dispatch_uid=f"hand_over_{model}")
        pre_delete.connect(mark_deleting, sender=model, dispatch_uid=f"deleting_{model}")
        post_delete.connect(withdraw_deleted, sender=model, dispatch_uid=f"withdraw_{model}")
    post_save.connect(source_changed, sender=Source, dispatch_uid="source_saved")
    post_delete.connect(source_changed, sender=Source, dispatch_uid="source_deleted")
    # Every revision, whoever saves it, keeps the item's sources and substances.
    revisions.connect()
