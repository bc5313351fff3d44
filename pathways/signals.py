"""Model signals on every content model, so writes that skip the admin stay honest.

- **Save.** Every save keeps `current_hash` (the hash of the row's canonical
  text, read by `load_content`'s three-way sync) true, with the same
  `content_hash` the loader uses. A saver that sets the hash itself (the
  loader, which knows it is the file's) is trusted; any other save, such as
  `Article.save()` from a shell or a data migration, gets it recomputed.
  Without this the next load would call an edited row "unchanged".
- **Delete.** Every delete (the admin's, a queryset's, `Model.delete()`)
  withdraws the item: see `pathways.withdrawing`.

Connected in `PathwaysConfig.ready`.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_init, post_save, pre_save
from django.utils import timezone

from pathways.content.texthash import READER_FIELDS
from pathways.models import ITEM_MODELS, Item

STORED = "_stored_current_hash"


def remember_hash(sender: type[Item], instance: Item, **kwargs: Any) -> None:
    """The hash as read from the database (None while the field is deferred)."""
    setattr(instance, STORED, instance.__dict__.get("current_hash"))


def vouched_by_saver(instance: Item) -> bool:
    """The saver set a new hash of its own: it knows the text (the loader sets the file's)."""
    given = instance.__dict__.get("current_hash")
    stored = getattr(instance, STORED, None)
    return bool(given) and (instance._state.adding or given != stored)


def date_text_changes(
    sender: type[Item],
    instance: Item,
    raw: bool = False,
    update_fields: Any = None,
    **kwargs: Any,
) -> None:
    """`updated` is today whenever a save changes the text a reader sees.

    Every save but the loader's: an admin edit, a restore, a script's save().
    A load takes the date from the file (it vouches for its own hash), so a
    load that reproduces the files leaves the database equal to them. A new
    item without a date is dated today. (A change of sources only is dated by
    `editing.after_save`: sources are saved after the item.)
    """
    if raw or vouched_by_saver(instance):
        return
    today = timezone.localdate()
    if instance._state.adding or instance.pk is None:
        if instance.updated is None:
            instance.updated = today
        return
    columns = {field.attname for field in sender._meta.concrete_fields}
    names = [f for f in READER_FIELDS if f in columns]
    loaded = [f for f in names if f in instance.__dict__]  # a deferred field wasn't changed
    if not loaded or instance.updated == today:
        return
    before = sender._default_manager.filter(pk=instance.pk).values(*loaded).first()
    if before is None or all(before[f] == getattr(instance, f) for f in loaded):
        return
    instance.updated = today
    if update_fields is not None and "updated" not in update_fields:
        sender._default_manager.filter(pk=instance.pk).update(updated=today)


def keep_hash_current(
    sender: type[Item], instance: Item, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw:  # loaddata: rows arrive exactly as they were dumped
        return
    given = instance.__dict__.get("current_hash")
    stored = getattr(instance, STORED, None)
    # The saver set a new hash of its own: it knows the text (the loader sets
    # the file's hash, then the row's relations to match it).
    vouched = bool(given) and (created or given != stored)
    if not vouched:
        from pathways.caching import bump_content_version
        from pathways.content.canonical import content_hash, record_from_item

        instance.current_hash = content_hash(instance.kind, record_from_item(instance))
        sender._default_manager.filter(pk=instance.pk).update(current_hash=instance.current_hash)
        # A script's save changes what readers see (a review may stop matching):
        # stored pages must not keep the old answer. The loader bumps once.
        bump_content_version()
    setattr(instance, STORED, instance.current_hash)


def withdraw_deleted(sender: type[Item], instance: Item, **kwargs: Any) -> None:
    from pathways.withdrawing import withdraw

    withdraw(instance)


def connect() -> None:
    for model in ITEM_MODELS.values():
        post_init.connect(remember_hash, sender=model, dispatch_uid=f"remember_hash_{model}")
        pre_save.connect(date_text_changes, sender=model, dispatch_uid=f"date_text_{model}")
        post_save.connect(keep_hash_current, sender=model, dispatch_uid=f"keep_hash_{model}")
        post_delete.connect(withdraw_deleted, sender=model, dispatch_uid=f"withdraw_{model}")
