"""The Spanish tests' shared look-ups: a translation by the English item it translates."""

from __future__ import annotations

from pathways.models import Status, Translation


def spanish(kind: str, english_slug: str) -> Translation:
    return Translation.objects.get(language="es", kind=kind, english_slug=english_slug)


def first_translated(kind: str) -> Translation | None:
    return Translation.objects.filter(language="es", kind=kind, status=Status.PUBLISHED).first()
