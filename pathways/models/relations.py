"""What items carry and point to: sources, link rows, redirects, allowed source domains."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from pathways.models import writes
from pathways.models.items import url_for
from pathways.models.querysets import LinkQuerySet, RedirectQuerySet, SourceQuerySet


class Source(models.Model):
    """A citation belonging to one page (article, stage or substance) or block."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    position = models.PositiveSmallIntegerField(default=0)
    key = models.SlugField(
        "id", max_length=60, blank=True, help_text="Cited in the text as [^id]; unique on its page."
    )
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200)
    url = models.URLField(max_length=500)
    edition = models.CharField(max_length=60, blank=True)
    published = models.DateField(null=True, blank=True)
    checked = models.DateField(
        null=True, blank=True, help_text="When an editor last confirmed it says what the page says."
    )

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.publisher}: {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A source is part of its item's text: its item is published again with it."""
        with writes.scope():
            super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        with writes.scope():
            return super().delete(*args, **kwargs)


class Link(models.Model):
    """One `[[link]]` from an item's text to another item, for "linked from".

    The source's kind, title and status are copied in when its links are
    rebuilt (on every render), so a backlink list is one query.
    """

    source_kind = models.CharField(max_length=20)
    source_slug = models.CharField(max_length=120)
    source_title = models.CharField(max_length=200)
    source_published = models.BooleanField(default=True)
    target_slug = models.CharField(max_length=120, db_index=True)

    objects = LinkQuerySet.as_manager()

    class Meta:
        ordering = ["source_title"]
        indexes = [models.Index(fields=["source_kind", "source_slug"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source_kind", "source_slug", "target_slug"], name="unique_link"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_slug} -> {self.target_slug}"

    def get_source_url(self) -> str:
        return url_for(self.source_kind, self.source_slug)


class Redirect(models.Model):
    """An old slug that now answers with a 301 to the item's current address."""

    kind = models.CharField(max_length=20)
    old_slug = models.CharField(max_length=120)
    new_slug = models.CharField(max_length=120)

    objects = RedirectQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "old_slug"], name="unique_redirect")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.old_slug} -> {self.new_slug}"


class SourceDomain(models.Model):
    """A domain that sources may cite, loaded from content/sources.yml."""

    domain = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain
