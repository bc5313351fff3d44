from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def after_migrate(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """Recreate what a migration can drop or what must exist before anyone logs in."""
    from pathways.catalog import compile_catalogs
    from pathways.groups import ensure_groups
    from pathways.search.backends.sqlite import ensure_index

    # The interface translations, so a fresh site shows Spanish strings.
    compile_catalogs()

    connection = connections[using]
    if connection.vendor == "sqlite":
        ensure_index(connection)
    ensure_groups()


class PathwaysConfig(AppConfig):
    name = "pathways"
    verbose_name = "Treatment pathway"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Connected after auth's own handler, so this app's permissions exist
        # by the time the groups are given them.
        post_migrate.connect(after_migrate, sender=self)
        from pathways import (
            deploy_checks,  # noqa: F401 (registers the checks)
            reviews,
        )
        from pathways.models import Page
        from pathways.publishing import hooks

        # A page's review state is worked out by the reviews' rule (it reads
        # the page's text, sources and blocks), handed to the model here.
        Page.review_rule = reviews.review_state

        # Every write to an item ends in the publishing core, whoever made it.
        hooks.connect()
