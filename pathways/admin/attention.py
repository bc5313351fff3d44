"""What needs an editor: the lists on the needs-attention dashboard.

Pages overdue or due for review, never reviewed or changed since; broken
links, orphans and drafts; dated facts past their last known day; sources
nobody has checked in a year; translations behind their English; and the
medical-safety lint's stored findings.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Model
from django.utils import timezone

from pathways.admin.urls import admin_url
from pathways.models import (
    ITEM_MODELS,
    Article,
    Item,
    Link,
    Source,
    Stage,
    Status,
    Substance,
    Translation,
)
from pathways.reviews import changed_since_review, reviewed_rows
from pathways.translation_staleness import out_of_date_with_diffs

DUE_SOON_DAYS = 30
# A source an editor hasn't confirmed for this long is listed on the dashboard.
SOURCE_CHECK_MONTHS = 12


def can_view(user: Any, model: type[Model]) -> bool:
    """The admin's own rule: an active staff account with view or change permission."""
    opts = model._meta
    return bool(
        user.is_active
        and user.is_staff
        and (
            user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
            or user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        )
    )


def orphan_slugs() -> list[str]:
    """Published articles that no other published article links to."""
    linked = set(
        Link.objects.filter(source_kind="article", source_published=True).values_list(
            "target_slug", flat=True
        )
    )
    return [
        s for s in Article.objects.published().values_list("slug", flat=True) if s not in linked
    ]


def months_before(day: datetime.date, months: int) -> datetime.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def unchecked_sources(models: list[type[Item]], today: datetime.date) -> list[dict[str, Any]]:
    """Sources not checked in SOURCE_CHECK_MONTHS months (or never), with their item.

    Two queries per kind of item: its stale sources, then the items they belong to.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    cutoff = months_before(today, SOURCE_CHECK_MONTHS)
    found: list[dict[str, Any]] = []
    for model in models:
        content_type = ContentType.objects.get_for_model(model)
        sources = list(
            Source.objects.filter(content_type=content_type)
            .filter(Q(checked__lte=cutoff) | Q(checked__isnull=True))
            .order_by("checked", "object_id", "position")
        )
        if not sources:
            continue
        items = model._default_manager.only("pk", "slug", "title").in_bulk(
            {s.object_id for s in sources}
        )
        for source in sources:
            item = items.get(source.object_id)
            if item is not None:
                found.append({"item": item, "source": source, "url": admin_url(item)})
    found.sort(key=lambda row: (row["source"].checked or datetime.date.min, row["item"].title))
    return found


def attention_lists(user: Any = None) -> dict[str, list[Any]]:
    """What needs an editor, limited to the kinds of item the user may view."""
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)

    def allowed(model: type[Model]) -> bool:
        return user is None or can_view(user, model)

    pages: list[Item] = [
        *(Article.objects.select_related("stage") if allowed(Article) else []),
        *(Stage.objects.all() if allowed(Stage) else []),
        *(Substance.objects.all() if allowed(Substance) else []),
    ]
    published = [p for p in pages if p.status == Status.PUBLISHED]
    return {
        "overdue": [p for p in published if p.review_due and p.review_due < today],
        "due_soon": [p for p in published if p.review_due and today <= p.review_due <= soon],
        "never_reviewed": [p for p in published if not getattr(p, "reviewed_on", None)],
        "broken": [
            i
            for model in ITEM_MODELS.values()
            if allowed(model)
            for i in model.objects.exclude(broken_links=[])
        ],
        "orphans": list(Article.objects.filter(slug__in=orphan_slugs()))
        if allowed(Article)
        else [],
        "drafts": [p for p in pages if p.status == Status.DRAFT],
        # Part 1, 2 and 3 of issue 16: reviews, dated facts, sources.
        "changed_since_review": changed_since_review(
            [r for m in (Article, Stage, Substance) if allowed(m) for r in reviewed_rows(m)]
        ),
        "past_valid_until": [p for p in published if getattr(p, "facts_may_have_changed", False)],
        "unchecked_sources": unchecked_sources(
            [m for m in ITEM_MODELS.values() if allowed(m)], today
        ),
        # Translations whose English changed since (issue 18), with the English diff.
        "translations_out_of_date": out_of_date_with_diffs() if allowed(Translation) else [],
        # Part 4: the medical-safety lint's findings, stored on every write.
        "lint_warnings": [
            i
            for model in ITEM_MODELS.values()
            if allowed(model)
            for i in model.objects.exclude(lint_findings=[]).order_by("slug")
        ],
    }


def with_admin_urls(lists: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Give every listed item the addresses the dashboard links to.

    Worked out here, from each row's model, because an item's kind is not its
    model's name ("term" is a glossaryterm), so a template can't build them.
    """
    for name, rows in lists.items():
        for row in rows:
            if name == "changed_since_review":
                page, signed, latest = row["page"], row["signed"], row["latest"]
                page.admin_url = admin_url(page)
                if signed is not None and latest is not None:
                    row["diff_url"] = (
                        f"{admin_url(page, 'diff')}?a={signed.history_id}&b={latest.history_id}"
                    )
            elif name == "translations_out_of_date":
                row["english"].admin_url = admin_url(row["english"])
            elif isinstance(row, Item):
                row.admin_url = admin_url(row)  # type: ignore[attr-defined]
                if name == "drafts":
                    row.preview_url = admin_url(row, "preview")  # type: ignore[attr-defined]
    return lists
