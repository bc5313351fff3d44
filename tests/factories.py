"""Small helpers shared by the tests."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

from django.core import serializers
from django.core.management import CommandError, call_command

from pathways.content.sync.batch import LoadReport
from pathways.content.sync.load import load_content
from pathways.models import (
    ITEM_MODELS,
    Article,
    Link,
    Redirect,
    Source,
    SourceDomain,
    Translation,
)
from pathways.offline import CRISIS_PAGES
from pathways.publishing import batch
from pathways.translation_staleness import english_hash

# Two sources on the fixture tree's allowed domains (tests/content/valid/sources.yml),
# so a made article passes the loader's checks as a real one must.
SOURCES = (
    (
        "SAMHSA",
        "Medications for Opioid Use Disorder (TIP 63)",
        "https://store.samhsa.gov/product/tip-63",
    ),
    ("NIDA", "Opioids", "https://nida.nih.gov/research-topics/opioids"),
)
DAY = datetime.date(2026, 11, 1)


def make_article(slug: str, title: str = "", *, body: str = "", **fields: Any) -> Article:
    """A published article that passes every check the loader makes.

    Its two sources are on allowed domains (added if the database has none),
    so it can be made in an empty database or beside the small fixture tree.
    `fields` override any column (stage, summary, status, also_called...).
    """
    for domain in ("samhsa.gov", "nida.nih.gov"):
        SourceDomain.objects.get_or_create(domain=domain)
    title = title or slug.replace("-", " ").capitalize()
    values: dict[str, Any] = {
        "link_text": title.lower(),
        "summary": f"About {title.lower()}.",
        "updated": DAY,
        **fields,
    }
    with batch():  # saved with its sources, as the loader saves it
        article = Article.objects.create(
            slug=slug, title=title, body=body or f"What to know about {title.lower()}.\n", **values
        )
        for position, (publisher, source_title, url) in enumerate(SOURCES):
            Source.objects.create(
                item=article,
                position=position,
                key=f"s{position + 1}",
                title=source_title,
                publisher=publisher,
                url=url,
                checked=DAY,
            )
    return article


def make_crisis_pages() -> list[Article]:
    """The articles the service worker keeps from a reader's first visit, under the
    slugs the code names (pathways.offline.CRISIS_PAGES), so /sw.js precaches pages that exist."""
    return [make_article(slug) for slug in CRISIS_PAGES]


def write_spanish_article(root: Path, english_slug: str, slug: str, title: str) -> Path:
    """A published Spanish translation of a loaded English article, written under root/es/
    with the English text's current hash; load the tree again to publish it."""
    english = Article.objects.get(slug=english_slug)
    path = root / "es" / "articles" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\ntitle: {title}\nlink_text: {title.lower()}\nsummary: Sobre {title.lower()}.\n"
        f"translation_of: {english_slug}\nsource_hash: {english_hash(english)}\n"
        "translated: 2026-11-01\nupdated: 2026-11-01\nstatus: published\n---\n\n"
        f"Lo que hay que saber sobre {title.lower()}.\n",
        encoding="utf-8",
    )
    return path


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
