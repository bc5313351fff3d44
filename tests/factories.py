"""Small helpers shared by the tests."""

from __future__ import annotations

import io
from pathlib import Path

from django.core import serializers
from django.core.management import CommandError, call_command

from pathways.content.sync.batch import LoadReport
from pathways.content.sync.load import load_content
from pathways.models import (
    ITEM_MODELS,
    Link,
    Redirect,
    Source,
    SourceDomain,
    Translation,
)
from pathways.publishing import batch


def clear_content() -> None:
    with batch():  # one publish at the end, not one per deleted row
        clear_rows()


def clear_rows() -> None:
    Link.objects.all().delete()
    Source.objects.all().delete()
    Redirect.objects.all().delete()
    SourceDomain.objects.all().delete()
    Translation.objects.all().delete()
    Translation.history.all().delete()
    for kind in ["article", "substance", "term", "crisis", "block", "stage"]:
        model = ITEM_MODELS[kind]
        model._default_manager.all().delete()
        model.history.all().delete()  # type: ignore[attr-defined]


def dump_database() -> str:
    """Every content row, as JSON, to compare before and after a failed load."""
    from django.apps import apps

    models = [m for m in apps.get_app_config("pathways").get_models()]
    out = io.StringIO()
    for model in models:
        out.write(serializers.serialize("json", model._default_manager.order_by("pk")))
    return out.getvalue()


def load(
    root: Path, *, dry_run: bool = False, force: bool = False, prune: bool = False
) -> LoadReport:
    return load_content(root, dry_run=dry_run, force=force, prune=prune)


def run_command(name: str, *args: str) -> tuple[int, str, str]:
    """Run a management command; return (exit code, stdout, stderr)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command(name, *args, stdout=stdout, stderr=stderr)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    except CommandError as exc:
        code = exc.returncode
        stderr.write(f"CommandError: {exc}\n")
    return code, stdout.getvalue(), stderr.getvalue()
