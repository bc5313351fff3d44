"""The content version: bumped by every change a reader could see."""

from __future__ import annotations

from django.db import models


class ContentVersion(models.Model):
    """One row that changes whenever any published text may have changed.

    Page ETags and stored pages are keyed by it, so every app server sees a
    change on its very next request. The random token (not just the count)
    keeps a rebuilt or restored database from reusing an old version's key.
    """

    number = models.PositiveBigIntegerField(default=1)
    token = models.CharField(max_length=32, blank=True)

    def __str__(self) -> str:
        return f"{self.number}-{self.token}"
