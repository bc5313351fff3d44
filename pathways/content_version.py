"""The content version: one token that changes whenever anything a reader sees changes.

Stored pages and ETags are keyed by it (`pathways.page_cache`). Where the
current version is read, per request, without a database query:

- with Redis (`CACHE_HOLDS_CONTENT_VERSION`), from the shared key, so a change
  through one app server shows on every other's next response;
- otherwise from a version file (`CONTENT_VERSION_FILE`, by default beside the
  SQLite database): one `os.stat` per request, and the file is read again only
  when its inode, mtime or size changed. Every process on the machine, a
  `manage.py` command included, writes the file when it bumps the version;
- otherwise (PostgreSQL without Redis or a version file) from the database.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import tempfile
import threading
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import F

from pathways.models import ContentVersion

log = logging.getLogger(__name__)

VERSION_KEY = "content-version"


def content_version() -> str:
    """The current version: shared Redis key, else the version file, else the database."""
    if settings.CACHE_HOLDS_CONTENT_VERSION:
        cached = cache.get(VERSION_KEY)
        if cached is not None:
            return str(cached)
        version = database_version()
        cache.add(VERSION_KEY, version, None)
        return version
    path = version_file()
    if path is not None:
        found = read_version_file(path)
        if found:
            return found
    return database_version()


def database_version() -> str:
    row = ContentVersion.objects.filter(pk=1).values_list("number", "token").first()
    return f"{row[0]}-{row[1]}" if row else "0"


def bump_content_version() -> None:
    """Call after anything a reader could see has changed."""
    token = uuid.uuid4().hex
    if not ContentVersion.objects.filter(pk=1).update(number=F("number") + 1, token=token):
        ContentVersion.objects.get_or_create(pk=1, defaults={"number": 2, "token": token})
    # Every reader moves to a new version now, and again once this transaction
    # commits: a reader that rendered the old rows in between stored them
    # under the first new version, which nobody asks for after the second.
    if settings.CACHE_HOLDS_CONTENT_VERSION:
        cache.delete(VERSION_KEY)
        transaction.on_commit(lambda: cache.delete(VERSION_KEY))
        return
    path = version_file()
    if path is not None:
        write_version_file(path, uuid.uuid4().hex)
        transaction.on_commit(lambda: write_version_file(path, uuid.uuid4().hex))


# Version file: where it is, reading it with one stat, writing it atomically.

_process_files: dict[str, Path] = {}
_seen: dict[Path, tuple[tuple[int, int, int], str]] = {}
_lock = threading.Lock()


def version_file() -> Path | None:
    """The version file for this database, or None where the database is the record."""
    if settings.CONTENT_VERSION_FILE:
        return Path(settings.CONTENT_VERSION_FILE)
    connection = connections["default"]
    if connection.vendor != "sqlite":
        return None  # PostgreSQL may serve several machines: read the shared row
    name = str(connection.settings_dict["NAME"])
    if connection.creation.is_in_memory_db(name):  # type: ignore[attr-defined]
        # Only this process sees an in-memory database; a private file will do.
        if name not in _process_files:
            handle, temp = tempfile.mkstemp(prefix="pathways-version-")
            os.close(handle)
            Path(temp).unlink()
            _process_files[name] = Path(temp)
            atexit.register(lambda: Path(temp).unlink(missing_ok=True))
        return _process_files[name]
    return Path(name + ".content-version")


def read_version_file(path: Path) -> str:
    """The version in the file, reading it only when a stat says it changed."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        create_version_file(path)
        try:
            stat = path.stat()
        except OSError:
            return ""
    except OSError:
        return ""
    key = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    seen = _seen.get(path)
    if seen is not None and seen[0] == key:
        return seen[1]
    try:
        version = path.read_text(encoding="ascii").strip()
    except OSError:
        return ""
    # Replaced between the stat and the read? Then this is the newer text, and
    # the next stat differs from `key`, so it is read once more: never older.
    _seen[path] = (key, version)
    return version


def _temporary(path: Path, version: str) -> Path:
    temp = path.with_name(f"{path.name}.{uuid.uuid4().hex}.tmp")
    temp.write_text(version + "\n", encoding="ascii")
    return temp


def create_version_file(path: Path) -> None:
    """Create the file if it is missing; a file another process made first wins."""
    try:
        temp = _temporary(path, uuid.uuid4().hex)
    except OSError as exc:
        log.warning("content version file %s can't be created: %s", path, exc)
        return
    try:
        path.hardlink_to(temp)
    except FileExistsError:
        pass
    except OSError as exc:
        log.warning("content version file %s can't be created: %s", path, exc)
    finally:
        temp.unlink(missing_ok=True)


def write_version_file(path: Path, version: str) -> None:
    """Replace the file atomically, with an mtime later than the one it replaces."""
    with _lock:
        try:
            try:
                previous = path.stat().st_mtime_ns
            except FileNotFoundError:
                previous = 0
            temp = _temporary(path, version)
            # A coarse filesystem clock could give two writes the same mtime
            # (and a reused inode); forcing it forward keeps every stat distinct.
            stamp = max(time.time_ns(), previous + 1000)
            os.utime(temp, ns=(stamp, stamp))
            temp.replace(path)
        except OSError as exc:
            # Without the file, readers make a new one (a new version) or read
            # the database: never the old version.
            log.error("content version file %s can't be written: %s", path, exc)
            with contextlib.suppress(OSError):
                path.unlink()
