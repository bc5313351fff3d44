"""An Atom feed of recently updated articles."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from pathways.models import Article


class RecentlyUpdated(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed
    title = "Opioid Treatment Pathway: recently updated"
    subtitle = "Articles on opioid use disorder treatment, newest changes first."

    def link(self) -> str:
        return reverse("pathways:home")

    def items(self) -> Any:
        return Article.objects.published().order_by("-updated", "title")[:20]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.summary

    def item_updateddate(self, item: Article) -> datetime.datetime | None:
        if item.updated is None:
            return None
        return datetime.datetime.combine(item.updated, datetime.time(), tzinfo=datetime.UTC)

    def item_pubdate(self, item: Article) -> datetime.datetime | None:
        return self.item_updateddate(item)
