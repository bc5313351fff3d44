"""The sitemap: every published page, and nothing else."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from pathways.models import Article, Page, Stage, Substance


class StaticSitemap(Sitemap):  # type: ignore[type-arg]
    def items(self) -> list[str]:
        return ["pathways:home", "pathways:pathway", "pathways:glossary", "pathways:about"]

    def location(self, item: str) -> str:
        return reverse(item)


class PageSitemap(Sitemap):  # type: ignore[type-arg]
    model: type[Page] = Article

    def items(self) -> Any:
        return self.model.objects.published().only("slug", "updated").order_by("slug")

    def lastmod(self, item: Page) -> datetime.date | None:
        return item.updated


class StageSitemap(PageSitemap):
    model = Stage


class SubstanceSitemap(PageSitemap):
    model = Substance


SITEMAPS = {
    "pages": StaticSitemap,
    "stages": StageSitemap,
    "articles": PageSitemap,
    "substances": SubstanceSitemap,
}
