"""`manage.py mark_reviewed SLUG --by "Name, credentials" [--date YYYY-MM-DD]`.

Records a clinical review of one published page (article, stage or drug), bound
to its text as it is now (pathways.reviews). For operators and scripted
sign-off: there is no logged-in user, so `--by` names the reviewer and the
history's change reason says the review came from the command line. In the
admin, only the Clinical reviewers group may record a review.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from pathways.content.sync.records import with_relations
from pathways.kinds import KINDS
from pathways.models import ITEM_MODELS, Page, Status
from pathways.reviews import record_review

# The kinds with a page of their own are the ones a clinician reviews.
PAGE_MODELS = [model for kind, model in ITEM_MODELS.items() if KINDS[kind].has_page]


def review_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--date must be a date like 2026-12-01, not {text!r}") from None


class Command(BaseCommand):
    help = "Record a clinical review of a published page's current text."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The page's slug (article, stage or drug).")
        parser.add_argument(
            "--by", required=True, help='The reviewer as the page shows it: "Name, credentials".'
        )
        parser.add_argument(
            "--date", help="The day of the review, YYYY-MM-DD (default today; never later)."
        )
        parser.add_argument(
            "--review-due", help="When the next review is due, YYYY-MM-DD (default: unchanged)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug: str = options["slug"]
        by: str = (options["by"] or "").strip()
        if not by:
            raise CommandError('--by must name the reviewer, e.g. --by "Dana Rivera, MD"')
        today = timezone.localdate()
        date = review_date(options["date"]) if options["date"] else today
        if date > today:
            raise CommandError(f"A review can't be dated in the future ({date}; today is {today}).")
        due = review_date(options["review_due"]) if options["review_due"] else None
        if due is not None and due <= date:
            raise CommandError("--review-due must come after the review.")
        if due is not None and due > date + datetime.timedelta(days=366):
            raise CommandError("--review-due must be within 12 months of the review.")
        page = self.find(slug)
        if page.status != Status.PUBLISHED:
            raise CommandError(
                f"'{slug}' is a draft: review the text that will be published, after publishing it."
            )
        with transaction.atomic():
            record_review(page, by, date, "command line", review_due=due)
        self.stdout.write(
            f"Recorded: {page.kind} '{slug}' clinically reviewed by {page.reviewed_by} on "
            f"{date.isoformat()} (hash {page.reviewed_hash[:12]}…). Run export_content to "
            "write it to the file."
        )

    def find(self, slug: str) -> Page:
        for model in PAGE_MODELS:
            page = with_relations(model).filter(slug=slug).first()
            if isinstance(page, Page):
                return page
        raise CommandError(
            f"No article, stage or drug page has the slug '{slug}'. "
            "(Glossary terms, shared blocks and the crisis box have no review.)"
        )
