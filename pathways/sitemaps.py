"""The sitemap: every published page, and nothing else."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from pathways.models import Article, Page, Stage, Substance
from pathways.siteurl import site_parts


class SiteSitemap(Sitemap):  # type: ignore[type-arg]
    """Addresses on SITE_URL when it is set, so the mirror's sitemap is the live one."""

    def get_protocol(self, protocol: str | None = None) -> str:
        return site_parts()[0] or str(super().get_protocol(protocol))

    def get_domain(self, site: Any = None) -> str:
        return site_parts()[1] or str(super().get_domain(site))


class StaticSitemap(SiteSitemap):
    def items(self) -> list[str]:
        return ["pathways:home", "pathways:pathway", "pathways:glossary", "pathways:about"]

    def location(self, item: str) -> str:
        return reverse(item)


class PageSitemap(SiteSitemap):
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
