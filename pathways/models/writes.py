"""The write scope: which batch of writes, if any, a save belongs to.

`Item.save()` runs inside a scope, so an item and whatever its writer saves
with it (sources, other items) are published together when the outermost
scope ends. The batch itself belongs to the publishing core
(`pathways.publishing.core.Batch`), which registers how to make one when it
is imported; the models need only open and ask about the scope, so they
import nothing above them.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from django.db import transaction


class Flushable(Protocol):
    def flush(self) -> Any: ...


_current: contextvars.ContextVar[Any] = contextvars.ContextVar("write_scope", default=None)
_make: Callable[[], Flushable] | None = None


def register(make: Callable[[], Flushable]) -> None:
    global _make
    _make = make


@contextmanager
def scope() -> Iterator[Any]:
    """Collect every write inside and flush them once at the end, in one transaction.

    Nested scopes join the outer one. The flush runs inside the transaction,
    so a write it refuses is rolled back with everything else in the scope;
    if the body raises, nothing is flushed.
    """
    outer = _current.get()
    if outer is not None:
        yield outer
        return
    if _make is None:
        raise RuntimeError("pathways.publishing is not loaded: nothing would publish this write")
    batch = _make()
    with transaction.atomic():
        token = _current.set(batch)
        try:
            yield batch
        finally:
            _current.reset(token)
        batch.flush()


def current() -> Any:
    """The open batch, or None."""
    return _current.get()
