"""A Redis cache that fails soft.

Django's RedisCache raises when Redis can't be reached, which would turn a
cache outage into an outage of the whole site. This backend treats every
failure as a miss (and a write as not done), logs it, and carries on; the
connect and read timeouts in settings keep each failed attempt short.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client, keeping one redis.Redis per connection pool.

    Django builds a new redis.Redis object for every cache call, which costs
    about 0.4 ms (five times the GET itself on a local Redis); a page check
    makes one call per request. The object is thread-safe and holds no
    connection of its own (the pool does), so one per pool is enough.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        base: Any = self  # Django's private attributes aren't in the type stubs
        pool = base._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = base._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

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
        from pathways.page_cache import local_pages

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
