"""`{% absolute_url path %}`: an address on the configured site origin (pathways.siteurl)."""

from __future__ import annotations

from typing import Any

from django import template

from pathways.siteurl import absolute_url as build

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context: dict[str, Any], path: str) -> str:
    return build(context.get("request"), path)
