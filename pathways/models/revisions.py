"""What a revision keeps beside the row's own columns (see pathways.publishing.revisions)."""

from __future__ import annotations

from django.db import models


class RevisionSources(models.Model):
    """What a revision keeps beside the row's columns: the item's sources at the time.

    A JSON list of {key, title, publisher, url, edition, published, checked,
    position}, so restoring the revision brings them back (they are rows of
    their own, which the history would not otherwise copy). None on a
    revision that did not record them (made before they were kept, or by a
    writer that had not saved them yet): restoring it leaves the sources as
    they are. Filled in by `pathways.admin.revisions`.
    """

    revision_sources = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class ArticleRevision(RevisionSources):
    """An article's revision also keeps the slugs of its substances (None: not recorded)."""

    revision_substances = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True
