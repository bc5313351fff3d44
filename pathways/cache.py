"""A Redis cache that fails soft.

Django's RedisCache raises when Redis can't be reached, which would turn a
cache outage into an outage of the whole site. This backend treats every
failure as a miss (and a write as not done), logs it, and carries on; the
connect and read timeouts in settings keep each failed attempt short.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


class ResilientRedisCache(RedisCache):
    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except RedisError as exc:
            log.warning("cache unavailable on get: %s", exc)
            return default

    def set(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> None:
        try:
            super().set(key, value, timeout, version)
        except RedisError as exc:
            log.warning("cache unavailable on set: %s", exc)

    def add(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> bool:
        try:
            return bool(super().add(key, value, timeout, version))
        except RedisError as exc:
            log.warning("cache unavailable on add: %s", exc)
            return False

    def get_or_set(
        self, key: Any, default: Any, timeout: Any = None, version: int | None = None
    ) -> Any:
        try:
            return super().get_or_set(key, default, timeout, version)
        except RedisError as exc:
            log.warning("cache unavailable on get_or_set: %s", exc)
            return default() if callable(default) else default

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        try:
            return int(super().incr(key, delta, version))
        except RedisError as exc:
            log.warning("cache unavailable on incr: %s", exc)
            raise ValueError("cache unavailable") from exc

    def delete(self, key: Any, version: int | None = None) -> bool:
        try:
            return bool(super().delete(key, version))
        except RedisError as exc:
            log.warning("cache unavailable on delete: %s", exc)
            return False

    def clear(self) -> None:
        from pathways.caching import local_pages

        local_pages.clear()  # the per-process copies of stored pages go too
        try:
            super().clear()
        except RedisError as exc:
            log.warning("cache unavailable on clear: %s", exc)

    def ping(self) -> bool:
        """True when Redis answers (for /healthz)."""
        try:
            client = self._cache.get_client(write=False)  # type: ignore[attr-defined]
            return bool(client.ping())
        except RedisError:
            return False
