"""Restoring a revision, with the sources and substances it kept.

What a revision keeps is `pathways.publishing.revisions`. `RevisionAdmin`
marks a request as a restore in `history_form_view` (the one view that
restores), runs it in one transaction and one publishing batch, and brings
the revision's sources and substances back.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from pathways.admin.forms import with_initial
from pathways.models import ContentWriteRefused, Source, Substance
from pathways.publishing import batch
from pathways.publishing.revisions import DATE_FIELDS, SOURCE_FIELDS, source_rows

RESTORING = "pathways_restore"  # on a request: the restore it is making


@dataclass(frozen=True)
class Restore:
    """A request that restores this revision."""

    revision: Any

    @property
    def sources(self) -> list[dict[str, Any]] | None:
        return self.revision.revision_sources  # type: ignore[no-any-return]

    @property
    def substance_slugs(self) -> list[str] | None:
        return getattr(self.revision, "revision_substances", None)

    def form_initial(self) -> dict[str, Any]:
        """What the restore form opens with besides the row: the revision's substances."""
        if self.substance_slugs is None:
            return {}
        found = Substance.objects.filter(slug__in=self.substance_slugs)
        return {"substances": list(found.values_list("pk", flat=True))}

    def missing_substances(self) -> list[str]:
        slugs = self.substance_slugs or []
        found = set(Substance.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        return [slug for slug in slugs if slug not in found]

    def bring_back_sources(self, item: Model) -> None:
        """Replace the item's sources with the revision's (unless it recorded none)."""
        if self.sources is None or self.sources == source_rows(item):
            return
        Source.objects.filter(
            content_type=ContentType.objects.get_for_model(type(item)), object_id=item.pk
        ).delete()
        for row in self.sources:
            values = {name: row.get(name) for name in SOURCE_FIELDS}
            for name in DATE_FIELDS:
                day = values[name]
                values[name] = datetime.date.fromisoformat(day) if day else None
            values["key"], values["edition"] = values["key"] or "", values["edition"] or ""
            values["position"] = values["position"] or 0
            Source.objects.create(item=item, **values)


def restoring(request: HttpRequest) -> Restore | None:
    """The restore this request makes, or None for any other save."""
    return getattr(request, RESTORING, None)


class RevisionAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    """History whose restore brings back a revision's sources and substances too."""

    object_history_form_template = "admin/pathways/object_history_form.html"

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        history = self.model.history.model
        try:
            revision = history.objects.get(
                **{self.opts.pk.attname: unquote(object_id), "history_id": int(version_id)}
            )
        except (ValueError, history.DoesNotExist):
            raise Http404 from None
        if request.method == "POST" and not self.has_change_history_permission(request):
            # simple_history lets anyone who may view the history post its form.
            raise PermissionDenied
        restore = Restore(revision)
        setattr(request, RESTORING, restore)
        context = {
            "revision_sources": restore.sources,
            "revision_missing_substances": restore.missing_substances(),
            **(extra_context or {}),
        }
        # The row, its sources and substances come back together, and are
        # published once, when all of them are back (or none is).
        try:
            with transaction.atomic(), batch():
                return super().history_form_view(request, object_id, version_id, context)  # type: ignore[no-any-return]
        except ContentWriteRefused as refused:
            # The revision's text is something the loader would refuse now (a
            # link to a page deleted since): nothing was restored.
            self.message_user(request, f"Not restored: {refused}", messages.ERROR)
            return HttpResponseRedirect(request.path)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        restore = restoring(request)
        initial = restore.form_initial() if restore is not None else {}
        return with_initial(form, initial) if initial else form

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        restore = restoring(request)
        if restore is not None:
            # A restore saves no inlines: the sources come back from the revision.
            restore.bring_back_sources(obj)

    def response_change(self, request: HttpRequest, obj: Any) -> HttpResponse:
        restore = restoring(request)
        if restore is not None:
            missing = restore.missing_substances()
            if missing:
                self.message_user(
                    request,
                    "Restored, but these substances no longer exist and were left out: "
                    + ", ".join(missing),
                    messages.WARNING,
                )
        return super().response_change(request, obj)  # type: ignore[no-any-return]
