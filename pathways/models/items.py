"""The content items: stages, articles, substances, glossary terms, the crisis box, blocks.

Every item keeps the markdown it was written in and the HTML the one renderer
made from it, so a page view never parses markdown. Each item also remembers
the file it came from and a hash of what was last loaded (its baseline), which
lets `load_content` tell an admin edit from a file change. What each kind is
(its file, page, links, search, address) is its `spec` (pathways.kinds).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, ClassVar

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from pathways.kinds import KINDS, KindSpec
from pathways.models import writes
from pathways.models.querysets import ArticleQuerySet, ItemQuerySet, Status
from pathways.models.revisions import ArticleRevision, RevisionSources

# The anchor the renderer puts on the first citation of each source.
CITED_RE = re.compile(r'id="(?:crisis-)?cite-([a-z0-9-]+)-1"')


class Item(models.Model):
    """Fields shared by everything that is loaded from a file and edited in the admin."""

    # What this kind of item is (its file, page, links, search): pathways.kinds.
    spec: ClassVar[KindSpec]
    kind: ClassVar[str] = ""

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=200)
    link_text = models.CharField(
        max_length=80,
        blank=True,
        help_text='What a bare [[link]] to this item prints mid-sentence, e.g. "naloxone".',
    )
    body = MarkdownxField()
    body_html = models.TextField(blank=True, editable=False)
    toc_html = models.TextField(blank=True, editable=False)
    broken_links = models.JSONField(default=list, blank=True, editable=False)
    # The sources of the blocks this item includes, as {id, title, publisher,
    # url, checked} rows: copied in at render time, so a page shows them with
    # no extra query, and re-rendered whenever an included block changes.
    included_sources = models.JSONField(default=list, blank=True, editable=False)
    # The medical-safety lint's findings for the stored text, as
    # [{line, rule, severity, message}], for the dashboard (see pathways.lint).
    lint_findings = models.JSONField(default=list, blank=True, editable=False)
    # Reasoned exceptions to a lint rule for this item, [{rule, reason}], shown in
    # review (the stigma page quotes the words it warns against).
    lint_exceptions = models.JSONField(default=list, blank=True)
    # Which file text and which lint rules `lint_findings` were computed from,
    # so a load of unchanged files need not lint them again (pathways.lint.lint_key).
    lint_key = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    updated = models.DateField(null=True, blank=True, help_text="The date the text last changed.")
    review_due = models.DateField(null=True, blank=True)
    # The three-way sync: where the item's file lives and the hash of what was
    # last loaded from it.
    source_path = models.CharField(max_length=300, blank=True, editable=False)
    baseline_hash = models.CharField(max_length=64, blank=True, editable=False)
    # The hash of the row's own canonical text as the app last saved it, so an
    # unchanged load need not serialize every row to see that nothing moved.
    current_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Bumped on every save, so a second editor's stale form is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    sources = GenericRelation("Source")

    objects = ItemQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save and publish, as one step: a write the loader would refuse is rolled back.

        Inside a batch (a load, an admin save with its inlines) the item is
        published with the batch; otherwise at once (pathways.publishing).
        """
        with writes.scope():
            super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return url_for(self.kind, self.slug)

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @cached_property
    def cited_keys(self) -> set[str]:
        """Source ids the rendered text cites (its first citation of each has an anchor)."""
        return set(CITED_RE.findall(self.body_html))


class Page(Item):
    """An item with its own public page, summary, sources and review status."""

    review_rule: ClassVar[Callable[[Page], str]]  # see review_state

    summary = models.TextField(help_text="One or two plain sentences.")
    also_called = models.JSONField(
        default=list, blank=True, help_text="Other names people search for."
    )
    featured = models.BooleanField(default=False, help_text="Offered when a search finds nothing.")
    reviewed_by = models.CharField(
        max_length=200, blank=True, editable=False, help_text="Clinical reviewer and credentials."
    )
    reviewed_on = models.DateField(null=True, blank=True, editable=False)
    # The hash of exactly the text the reviewer signed (see pathways.reviews):
    # when the page's reviewed text no longer hashes to it, the review is stale.
    reviewed_hash = models.CharField(max_length=64, blank=True, editable=False)
    valid_until = models.DateField(
        null=True,
        blank=True,
        help_text="The last day the page's dated facts (a rule, a law) are known to hold.",
    )

    class Meta:
        abstract = True

    @property
    def facts_may_have_changed(self) -> bool:
        """Past the last day its dated facts are known to hold."""
        return self.valid_until is not None and self.valid_until < timezone.localdate()

    @property
    def clinically_reviewed(self) -> bool:
        """A review is recorded (it may no longer match the text: see review_state)."""
        return bool(self.reviewed_by and self.reviewed_on)

    @property
    def review_state(self) -> str:
        """The review state: "current" (the text is what was signed), "changed" or "none".

        Worked out from the text as it is now (pathways.reviews), so no write
        path can leave a page claiming a review of text nobody reviewed. No
        query when there is no review; with one, the page's sources (prefetched
        on the page views) and, when it includes blocks, two for their hashes.
        The rule is `pathways.reviews.review_state`, installed as `review_rule`
        when the app is ready, so the models import nothing above them.
        """
        return type(self).review_rule(self)

    @property
    def review_is_current(self) -> bool:
        return self.review_state == "current"

    @property
    def review_overdue(self) -> bool:
        """Past its review date, so the page warns that it may be out of date."""
        return self.review_due is not None and self.review_due < timezone.localdate()


class Stage(Page):
    kind = "stage"
    spec = KINDS[kind]

    number = models.PositiveSmallIntegerField(unique=True)
    duration = models.CharField(max_length=300)
    who = models.CharField(max_length=300)
    questions = models.JSONField(default=list, blank=True)
    history = HistoricalRecords(bases=[RevisionSources])

    class Meta:
        ordering = ["number"]
        permissions = [("mark_reviewed", "Can mark clinically reviewed")]

    @property
    def short_title(self) -> str:
        """The title up to its first colon or comma, for the diagram and breadcrumbs."""
        return self.title.split(":")[0].split(",")[0].strip()


class Substance(Page):
    kind = "substance"
    spec = KINDS[kind]

    # {stage slug: markdown}; rendered alongside the body into stage_notes_html.
    stage_notes = models.JSONField(default=dict, blank=True)
    stage_notes_html = models.JSONField(default=dict, blank=True, editable=False)
    history = HistoricalRecords(bases=[RevisionSources])

    class Meta:
        ordering = ["title"]
        permissions = [("mark_reviewed", "Can mark clinically reviewed")]


class Article(Page):
    kind = "article"
    spec = KINDS[kind]

    stage = models.ForeignKey(
        Stage, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    substances = models.ManyToManyField(Substance, blank=True, related_name="articles")
    objects = ArticleQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords(bases=[ArticleRevision])

    class Meta:
        ordering = ["title"]
        permissions = [("mark_reviewed", "Can mark clinically reviewed")]


class GlossaryTerm(Item):
    """A term on the glossary page; `body` is its definition."""

    kind = "term"
    spec = KINDS[kind]

    also_called = models.JSONField(default=list, blank=True)
    history = HistoricalRecords(bases=[RevisionSources])

    class Meta:
        ordering = ["title"]


class CrisisBox(Item):
    """The crisis box shown on every page. There is one, with the slug 'crisis'."""

    kind = "crisis"
    spec = KINDS[kind]

    history = HistoricalRecords(bases=[RevisionSources])

    class Meta:
        verbose_name_plural = "crisis box"


class Block(Item):
    """A shared piece of text that pages include with `{{include slug}}`.

    The overdose steps are written once, here, and every page that shows them
    includes this one text. A block has no page of its own.
    """

    kind = "block"
    spec = KINDS[kind]

    history = HistoricalRecords(bases=[RevisionSources])

    class Meta:
        ordering = ["slug"]
        verbose_name = "shared block"


# A source's columns are part of its item's text (ids, titles, addresses are
# hashed and cited): changing them in bulk would leave the item unpublished.


def url_for(kind: str, slug: str) -> str:
    """The public address of an item, given only its kind and slug (see `KindSpec.address`)."""
    spec = KINDS[kind]
    if spec.address == "fragment":
        return reverse(spec.route) + f"#{slug}"
    if spec.address == "none":
        return reverse(spec.route)
    return reverse(spec.route, args=[slug])


ITEM_MODELS: dict[str, type[Item]] = {
    "stage": Stage,
    "substance": Substance,
    "article": Article,
    "term": GlossaryTerm,
    "crisis": CrisisBox,
    "block": Block,
}
