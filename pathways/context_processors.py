"""Template context shared by every page: the crisis box and who publishes the site."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from pathways.models import CrisisBox, Status, Translation


def site(request: HttpRequest) -> dict[str, Any]:
    # Lazy, so a page that never renders the box (or the 500 page) makes no query.
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
        return (
            CrisisBox.objects.filter(status=Status.PUBLISHED)
            .only("title", "body_html", "included_sources")
            .prefetch_related("sources")
            .first()
        )

    return {
        "crisis": crisis,
        "contact_email": settings.CONTACT_EMAIL,
        "publisher": settings.PUBLISHER,
        "html_lang": "es" if translation.get_language() == "es" else "en",
        "editorial_contact": settings.EDITORIAL_CONTACT,
    }
