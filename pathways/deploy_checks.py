"""`manage.py check --deploy` warnings for a site that would mislead its readers.

A health site that names no real publisher or gives a placeholder address for
corrections cannot be trusted by a reader or a clinician, so a production
deployment is told about it before it goes live.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

PLACEHOLDER_DOMAINS = ("example.org", "example.com", "example.net")


@register(Tags.security, deploy=True)
def publisher_is_real(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    found: list[CheckMessage] = []
    for name in ("PUBLISHER", "EDITORIAL_CONTACT", "CONTACT_EMAIL"):
        value = str(getattr(settings, name, ""))
        if any(domain in value for domain in PLACEHOLDER_DOMAINS) or "example publisher" in value:
            found.append(
                Warning(
                    f"{name} is a placeholder ({value!r}).",
                    hint=f"Set the {name} environment variable to the real publisher and address.",
                    id="pathways.W001",
                )
            )
    return found
