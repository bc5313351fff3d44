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

from django.db.models.signals import post_delete, post_init, post_save

from pathways.models import ITEM_MODELS, Item

STORED = "_stored_current_hash"


def remember_hash(sender: type[Item], instance: Item, **kwargs: Any) -> None:
    """The hash as read from the database (None while the field is deferred)."""
    setattr(instance, STORED, instance.__dict__.get("current_hash"))


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
        from pathways.content.canonical import content_hash, record_from_item

        instance.current_hash = content_hash(instance.kind, record_from_item(instance))
        sender._default_manager.filter(pk=instance.pk).update(current_hash=instance.current_hash)
    setattr(instance, STORED, instance.current_hash)


def withdraw_deleted(sender: type[Item], instance: Item, **kwargs: Any) -> None:
    from pathways.withdrawing import withdraw

    withdraw(instance)


def connect() -> None:
    for model in ITEM_MODELS.values():
        post_init.connect(remember_hash, sender=model, dispatch_uid=f"remember_hash_{model}")
        post_save.connect(keep_hash_current, sender=model, dispatch_uid=f"keep_hash_{model}")
        post_delete.connect(withdraw_deleted, sender=model, dispatch_uid=f"withdraw_{model}")
