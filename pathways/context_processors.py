"""Template context shared by every page: the crisis box and who publishes the site."""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.db.models import Subquery
from django.http import HttpRequest
from django.utils import translation

from pathways.models import CrisisBox, Status, Translation

# English pages that may have a translation, by URL name.
ITEM_PAGES = {"article", "stage", "substance"}


def site(request: HttpRequest) -> dict[str, Any]:
    # Lazy, so a page that never renders the box (or the 500 page) makes no
    # query; read once however often the page asks (the header's language link
    # and the box itself).
    @functools.cache
    def crisis() -> CrisisBox | Translation | None:
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language != settings.LANGUAGE_CODE:
            # The translated box (its own text, the translated overdose steps).
            return (
                Translation.objects.filter(
                    language=language, kind="crisis", status=Status.PUBLISHED
                )
                .only("title", "body_html", "included_sources")
                .prefetch_related("sources")
                .first()
            )
        boxes = (
            CrisisBox.objects.filter(status=Status.PUBLISHED)
            .only("title", "body_html", "included_sources")
            .prefetch_related("sources")
        )
        # On a page, the same query reads the Spanish address of that page (for
        # the language link and hreflang), so translations cost English pages
        # no query of their own.
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name in ITEM_PAGES and match.kwargs.get("slug"):
            spanish = Translation.objects.filter(
                language="es",
                kind=match.url_name,
                english_slug=match.kwargs["slug"],
                status=Status.PUBLISHED,
            ).values("slug")[:1]
            boxes = boxes.annotate(spanish_slug=Subquery(spanish))
        return boxes.first()

    return {
        "crisis": crisis,
        "contact_email": settings.CONTACT_EMAIL,
        "publisher": settings.PUBLISHER,
        "html_lang": "es" if translation.get_language() == "es" else "en",
        "editorial_contact": settings.EDITORIAL_CONTACT,
    }
