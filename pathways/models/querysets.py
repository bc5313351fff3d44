"""Content querysets: what pages ask for by name, and the bulk writes that are refused.

A content row's text changes only through `save()`, which hands it to the
publishing core (pathways.publishing); `update()`, `bulk_create()` and
`bulk_update()` of the columns a reader sees would skip it, so they are
refused with a message that says what to do instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from pathways.content.format.texthash import READER_FIELDS
from pathways.kinds import UNLINKABLE
from pathways.models import writes

if TYPE_CHECKING:
    from pathways.models.relations import Link, Redirect, Source  # noqa: F401 (named in strings)


class Status(models.TextChoices):
    PUBLISHED = "published", "Published"
    DRAFT = "draft", "Draft"


class ContentWriteRefused(Exception):
    """A bulk write that would change an item's text without publishing it."""


# Columns a reader sees, or that decide where and whether they see it: a
# change to one must go through save(), so the publishing core renders,
# relinks and indexes it. Bookkeeping columns (hashes, rendered HTML, lint
# findings, dates) may be updated in bulk.
PUBLISHED_COLUMNS = frozenset({*READER_FIELDS, "slug", "status", "stage", "stage_id"})


class PublishedQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def published(self) -> PublishedQuerySet:
        return self.filter(status=Status.PUBLISHED)


class ItemQuerySet(PublishedQuerySet):
    """Content rows: bulk paths that would skip publishing are refused, and say so."""

    def update(self, **kwargs: object) -> int:
        text = sorted(PUBLISHED_COLUMNS & set(kwargs))
        if text:
            raise ContentWriteRefused(
                f"{self.model.__name__}.objects.update() can't change {', '.join(text)}: "
                "save() each item (or load the files), so its page, links and search "
                "entry follow."
            )
        return super().update(**kwargs)

    def bulk_create(self, objs: object, *args: object, **kwargs: object) -> list[Any]:
        raise ContentWriteRefused(
            f"{self.model.__name__}.objects.bulk_create() would skip publishing: save() each "
            "item inside pathways.publishing.batch(), which publishes them together."
        )

    def bulk_update(self, objs: object, fields: Any, *args: object, **kwargs: object) -> int:
        text = sorted(PUBLISHED_COLUMNS & set(fields))
        if text:
            raise ContentWriteRefused(
                f"{self.model.__name__}.objects.bulk_update() can't change {', '.join(text)}: "
                "save() each item inside pathways.publishing.batch()."
            )
        return super().bulk_update(objs, fields, *args, **kwargs)  # type: ignore[arg-type]


# What a list of articles shows (the home page, a stage, "related").
LISTED_FIELDS = ("slug", "title", "summary", "stage_id", "featured")


class ArticleQuerySet(ItemQuerySet):
    def listed(self) -> ArticleQuerySet:
        """Published articles with only the fields a list shows."""
        return self.published().only(*LISTED_FIELDS)  # type: ignore[return-value]

    def orphans(self) -> list[str]:
        """Slugs of published articles that no other published article links to."""
        # Looked up by name, not imported: relations imports these querysets.
        Link = self.model._meta.apps.get_model("pathways", "Link")
        linked = set(
            Link.objects.filter(source_kind="article", source_published=True).values_list(
                "target_slug", flat=True
            )
        )
        return [s for s in self.published().values_list("slug", flat=True) if s not in linked]


# A source's columns are part of its item's text (ids, titles, addresses are
# hashed and cited): changing them in bulk would leave the item unpublished.
SOURCE_TEXT_COLUMNS = frozenset(
    {"key", "title", "publisher", "url", "edition", "published", "checked", "object_id"}
)


class SourceQuerySet(models.QuerySet["Source"]):
    def update(self, **kwargs: object) -> int:
        text = sorted(SOURCE_TEXT_COLUMNS & set(kwargs))
        if text:
            raise ContentWriteRefused(
                f"Source.objects.update() can't change {', '.join(text)}: save() each source, "
                "so its page is published again."
            )
        return super().update(**kwargs)

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Source]:
        objs = list(objs)
        # A content item's model has a kind spec (translations' sources are not items').
        of_items = any(hasattr(o.content_type.model_class(), "spec") for o in objs)
        # Inside a batch, the items are published when it ends.
        if of_items and writes.current() is None:
            raise ContentWriteRefused(
                "Source.objects.bulk_create() outside pathways.publishing.batch() would "
                "leave its pages unpublished: save() each source, or write them in a batch "
                "with their items."
            )
        return super().bulk_create(objs, *args, **kwargs)


class LinkQuerySet(models.QuerySet["Link"]):
    def backlinks_to(self, slug: str) -> list[Link]:
        """Published pages that link to this slug (a block including it is not a page)."""
        return list(
            self.filter(target_slug=slug, source_published=True).exclude(source_kind__in=UNLINKABLE)
        )

    def sources_of(self, slugs: list[str]) -> list[tuple[str, str]]:
        """(kind, slug) of every item whose text links to (or includes) any of these slugs."""
        return list(
            self.filter(target_slug__in=slugs).values_list("source_kind", "source_slug").distinct()
        )


class RedirectQuerySet(models.QuerySet["Redirect"]):
    def new_slug(self, kind: str, old_slug: str) -> str | None:
        """Where an old address of this kind now leads (None: nowhere)."""
        return self.filter(kind=kind, old_slug=old_slug).values_list("new_slug", flat=True).first()

    def renamed(self, kind: str, old_slug: str, new_slug: str) -> None:
        """Record a rename: the old slug leads to the new one, and so does every earlier
        slug that led to the old one; the new slug is no longer anyone's old slug."""
        self.update_or_create(kind=kind, old_slug=old_slug, defaults={"new_slug": new_slug})
        self.filter(kind=kind, new_slug=old_slug).update(new_slug=new_slug)
        self.filter(kind=kind, old_slug=new_slug).delete()
