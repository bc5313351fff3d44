"""The sitemap: every published page, and nothing else."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property

from pathways.models import Article, Page, Stage, Substance
from pathways.models.translations import translated_url
from pathways.siteurl import site_parts
from pathways.translation_addresses import translated_slugs


class SiteSitemap(Sitemap):  # type: ignore[type-arg]
    """Addresses on SITE_URL when it is set, so the mirror's sitemap is the live one.

    Every page is listed in each language it is published in, with hreflang
    alternates both ways and x-default (English).
    """

    i18n = True
    alternates = True
    x_default = True
    languages = [settings.LANGUAGE_CODE, "es"]

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

    @cached_property
    def spanish_slugs(self) -> dict[str, str]:
        return translated_slugs("es")

    def get_languages_for_item(self, item: Page) -> list[str]:
        """English, and Spanish only where a published translation exists."""
        if f"{item.kind}:{item.slug}" in self.spanish_slugs:
            return [settings.LANGUAGE_CODE, "es"]
        return [settings.LANGUAGE_CODE]

    def location(self, item: Page) -> str:
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language == settings.LANGUAGE_CODE:
            return str(item.get_absolute_url())
        slug = self.spanish_slugs.get(f"{item.kind}:{item.slug}", item.slug)
        return translated_url(item.kind, slug, language)


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
