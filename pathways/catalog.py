"""Compile the interface translations (locale/*/LC_MESSAGES/*.po) to .mo files.

Pure Python (polib), so no gettext tools are needed. Run by `migrate` (after
every migration, see apps.py), by `make run`/`make test` and by the
`compile_catalog` command; a .mo file newer than its .po is left alone.
"""

from __future__ import annotations

import logging
from pathlib import Path

import polib
from django.conf import settings

log = logging.getLogger(__name__)


def catalogs() -> list[Path]:
    found: list[Path] = []
    for root in settings.LOCALE_PATHS:
        found += sorted(Path(root).glob("*/LC_MESSAGES/*.po"))
    return found


def compile_catalogs(force: bool = False) -> list[Path]:
    """Write each catalog's .mo beside it; return the ones written."""
    written = []
    for po_path in catalogs():
        mo_path = po_path.with_suffix(".mo")
        if (
            not force
            and mo_path.exists()
            and mo_path.stat().st_mtime_ns >= po_path.stat().st_mtime_ns
        ):
            continue
        try:
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        except OSError as exc:  # a read-only checkout: the deploy step compiles instead
            log.warning("can't write %s: %s", mo_path, exc)
            continue
        written.append(mo_path)
    if written:
        # Catalogs already read by this process are read again.
        from django.utils.translation import trans_real

        setattr(trans_real, "_translations", {})  # noqa: B010
        setattr(trans_real, "_default", None)  # noqa: B010
    return written
