"""The editors' groups, created after every migrate.

Not a data migration: on a fresh database the permissions themselves are only
created by a post_migrate handler, so a migration would find none to grant.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

CONTENT_MODELS = [
    "article",
    "stage",
    "substance",
    "glossaryterm",
    "crisisbox",
    "block",
    "source",
]

GROUPS: dict[str, list[str]] = {
    # Editors write and publish; they never delete (pruning unpublishes instead)
    # and can't record a clinical review.
    "Editors": [
        f"{action}_{model}" for model in CONTENT_MODELS for action in ("add", "change", "view")
    ],
    # Clinical reviewers read everything and record reviews; they don't edit text.
    "Clinical reviewers": [f"view_{model}" for model in CONTENT_MODELS] + ["mark_reviewed"],
}


def ensure_groups() -> None:
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="pathways", codename__in=codenames
        )
        group.permissions.set(permissions)
