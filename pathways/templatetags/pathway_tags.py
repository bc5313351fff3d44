"""Template helpers for the public pages."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django import template
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from pathways.models import Page
from pathways.siteurl import absolute_url

register = template.Library()

# Characters that could end a <script> element or confuse an HTML parser.
JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def medical_webpage_jsonld(context: dict[str, Any], item: Page) -> SafeString:
    """schema.org MedicalWebPage data; `lastReviewed` only while a clinician's review is current."""
    request: HttpRequest | None = context.get("request")
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": item.title,
        "description": item.summary,
        "inLanguage": "en-US",
        "audience": {"@type": "PeopleAudience", "geographicArea": "United States"},
    }
    if request is not None:
        data["url"] = absolute_url(request, request.path)
    if item.updated:
        data["dateModified"] = item.updated.isoformat()
    # Only while the review matches the text: a page changed since its review
    # claims no review to search engines either.
    if item.reviewed_on and item.review_state == "current":
        data["lastReviewed"] = item.reviewed_on.isoformat()
        data["reviewedBy"] = {"@type": "Person", "name": item.reviewed_by}
    text = json.dumps(data, ensure_ascii=False).translate(JSON_ESCAPES)
    # Safe: the JSON is built here from plain values, and every character that
    # could close the script element or start markup is escaped above.
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


@register.filter
def rendered(html: str) -> SafeString:
    """Stored HTML from the one renderer, shown as markup: the only such place in templates.

    Safe because every stored `*_html` field (body, table of contents, stage
    notes, a glossary definition) is written only by `pathways.rendering`,
    whose last step is nh3 with a fixed allow-list of tags and attributes; no
    editor or reader text reaches a page as markup any other way. Everything
    else in a template is autoescaped.
    """
    return mark_safe(html or "")  # noqa: S308


@register.filter
def iso_date(value: str) -> datetime.date | None:
    """A stored ISO date string (as in a block's copied sources) as a date."""
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@register.simple_tag
def crisis_fallback() -> SafeString:
    """The crisis box from its files, for a page rendered without the database."""
    from pathways.fallback import crisis_box_html

    return mark_safe(crisis_box_html())  # noqa: S308 (sanitized by the renderer)
