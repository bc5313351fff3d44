"""The content model: stages, articles, substances, glossary terms, the crisis box.

Every item keeps the markdown it was written in and the HTML the one renderer
made from it, so a page view never parses markdown. Each item also remembers
the file it came from and a hash of what was last loaded (its baseline), which
lets `load_content` tell an admin edit from a file change.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from pathways.kinds import KINDS, UNLINKABLE, KindSpec

# The anchor the renderer puts on the first citation of each source.
CITED_RE = re.compile(r'id="(?:crisis-)?cite-([a-z0-9-]+)-1"')


class Status(models.TextChoices):
    PUBLISHED = "published", "Published"
    DRAFT = "draft", "Draft"


class ContentWriteRefused(Exception):
    """A bulk write that would change an item's text without publishing it."""


# Columns a reader sees, or that decide where and whether they see it: a
# change to one must go through save(), so the publishing core renders,
# relinks and indexes it. Bookkeeping columns (hashes, rendered HTML, lint
# findings, dates) may be updated in bulk.
PUBLISHED_COLUMNS = frozenset(
    {
        "slug",
        "status",
        "title",
        "link_text",
        "summary",
        "body",
        "duration",
        "who",
        "questions",
        "stage_notes",
        "also_called",
        "stage",
        "stage_id",
    }
)


class PublishedQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def published(self) -> PublishedQuerySet:
        return self.filter(status=Status.PUBLISHED)


class ItemQuerySet(PublishedQuerySet):
    """Content rows: bulk paths that would skip publishing are refused, and say so."""

    def update(self, **kwargs: object) -> int:
        text = sorted(PUBLISHED_COLUMNS & set(kwargs))
        if text:
            raise ContentWriteRefused(
                f"{self.model.__name__}.objects.update() can't change {', '.join(text)}: "
                "save() each item (or load the files), so its page, links and search "
                "entry follow."
            )
        return super().update(**kwargs)

    def bulk_create(self, objs: object, *args: object, **kwargs: object) -> list[Any]:
        raise ContentWriteRefused(
            f"{self.model.__name__}.objects.bulk_create() would skip publishing: save() each "
            "item inside pathways.publishing.batch(), which publishes them together."
        )

    def bulk_update(self, objs: object, fields: Any, *args: object, **kwargs: object) -> int:
        text = sorted(PUBLISHED_COLUMNS & set(fields))
        if text:
            raise ContentWriteRefused(
                f"{self.model.__name__}.objects.bulk_update() can't change {', '.join(text)}: "
                "save() each item inside pathways.publishing.batch()."
            )
        return super().bulk_update(objs, fields, *args, **kwargs)  # type: ignore[arg-type]


# What a list of articles shows (the home page, a stage, "related").
LISTED_FIELDS = ("slug", "title", "summary", "stage_id", "featured")


class ArticleQuerySet(ItemQuerySet):
    def listed(self) -> ArticleQuerySet:
        """Published articles with only the fields a list shows."""
        return self.published().only(*LISTED_FIELDS)  # type: ignore[return-value]

    def orphans(self) -> list[str]:
        """Slugs of published articles that no other published article links to."""
        linked = set(
            Link.objects.filter(source_kind="article", source_published=True).values_list(
                "target_slug", flat=True
            )
        )
        return [s for s in self.published().values_list("slug", flat=True) if s not in linked]


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
        """
        from pathways.reviews import review_state

        return review_state(self)

    @property
    def review_is_current(self) -> bool:
        return self.review_state == "current"

    @property
    def review_overdue(self) -> bool:
        """Past its review date, so the page warns that it may be out of date."""
        return self.review_due is not None and self.review_due < timezone.localdate()


class RevisionSources(models.Model):
    """What a revision keeps beside the row's columns: the item's sources at the time.

    A JSON list of {key, title, publisher, url, edition, published, checked,
    position}, so restoring the revision brings them back (they are rows of
    their own, which the history would not otherwise copy). None on a
    revision that did not record them (made before they were kept, or by a
    writer that had not saved them yet): restoring it leaves the sources as
    they are. Filled in by `pathways.admin.revisions`.
    """

    revision_sources = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class ArticleRevision(RevisionSources):
    """An article's revision also keeps the slugs of its substances (None: not recorded)."""

    revision_substances = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


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
SOURCE_TEXT_COLUMNS = frozenset(
    {"key", "title", "publisher", "url", "edition", "published", "checked", "object_id"}
)


class SourceQuerySet(models.QuerySet["Source"]):
    def update(self, **kwargs: object) -> int:
        text = sorted(SOURCE_TEXT_COLUMNS & set(kwargs))
        if text:
            raise ContentWriteRefused(
                f"Source.objects.update() can't change {', '.join(text)}: save() each source, "
                "so its page is published again."
            )
        return super().update(**kwargs)

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Source]:
        from pathways.publishing.core import in_batch

        objs = list(objs)
        items = set(ITEM_MODELS.values())
        of_items = any(o.content_type.model_class() in items for o in objs)
        if of_items and not in_batch():  # inside one, the items are published when it ends
            raise ContentWriteRefused(
                "Source.objects.bulk_create() outside pathways.publishing.batch() would "
                "leave its pages unpublished: save() each source, or write them in a batch "
                "with their items."
            )
        return super().bulk_create(objs, *args, **kwargs)


class Source(models.Model):
    """A citation belonging to one page (article, stage or substance) or block."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    position = models.PositiveSmallIntegerField(default=0)
    key = models.SlugField(
        "id", max_length=60, blank=True, help_text="Cited in the text as [^id]; unique on its page."
    )
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200)
    url = models.URLField(max_length=500)
    edition = models.CharField(max_length=60, blank=True)
    published = models.DateField(null=True, blank=True)
    checked = models.DateField(
        null=True, blank=True, help_text="When an editor last confirmed it says what the page says."
    )

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.publisher}: {self.title}"


class LinkQuerySet(models.QuerySet["Link"]):
    def backlinks_to(self, slug: str) -> list[Link]:
        """Published pages that link to this slug (a block including it is not a page)."""
        return list(
            self.filter(target_slug=slug, source_published=True).exclude(source_kind__in=UNLINKABLE)
        )

    def sources_of(self, slugs: list[str]) -> list[tuple[str, str]]:
        """(kind, slug) of every item whose text links to (or includes) any of these slugs."""
        return list(
            self.filter(target_slug__in=slugs).values_list("source_kind", "source_slug").distinct()
        )


class Link(models.Model):
    """One `[[link]]` from an item's text to another item, for "linked from".

    The source's kind, title and status are copied in when its links are
    rebuilt (on every render), so a backlink list is one query.
    """

    source_kind = models.CharField(max_length=20)
    source_slug = models.CharField(max_length=120)
    source_title = models.CharField(max_length=200)
    source_published = models.BooleanField(default=True)
    target_slug = models.CharField(max_length=120, db_index=True)

    objects = LinkQuerySet.as_manager()

    class Meta:
        ordering = ["source_title"]
        indexes = [models.Index(fields=["source_kind", "source_slug"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source_kind", "source_slug", "target_slug"], name="unique_link"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_slug} -> {self.target_slug}"

    def get_source_url(self) -> str:
        return url_for(self.source_kind, self.source_slug)


class RedirectQuerySet(models.QuerySet["Redirect"]):
    def new_slug(self, kind: str, old_slug: str) -> str | None:
        """Where an old address of this kind now leads (None: nowhere)."""
        return self.filter(kind=kind, old_slug=old_slug).values_list("new_slug", flat=True).first()

    def renamed(self, kind: str, old_slug: str, new_slug: str) -> None:
        """Record a rename: the old slug leads to the new one, and so does every earlier
        slug that led to the old one; the new slug is no longer anyone's old slug."""
        self.update_or_create(kind=kind, old_slug=old_slug, defaults={"new_slug": new_slug})
        self.filter(kind=kind, new_slug=old_slug).update(new_slug=new_slug)
        self.filter(kind=kind, old_slug=new_slug).delete()


class Redirect(models.Model):
    """An old slug that now answers with a 301 to the item's current address."""

    kind = models.CharField(max_length=20)
    old_slug = models.CharField(max_length=120)
    new_slug = models.CharField(max_length=120)

    objects = RedirectQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "old_slug"], name="unique_redirect")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.old_slug} -> {self.new_slug}"


class SourceDomain(models.Model):
    """A domain that sources may cite, loaded from content/sources.yml."""

    domain = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain


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


class SearchEntry(models.Model):
    """One published page (or glossary term) as search sees it: plain text only.

    Kept current by `pathways.search.index_item` whenever an item is rendered.
    On SQLite an FTS5 table mirrors it through triggers. On PostgreSQL a GIN
    index over the weighted vector of all four texts matches, and the small
    `ranking` vector (title, other names, summary, the body's opening) ranks
    (see pathways.search.backends.postgres).
    """

    kind = models.CharField(max_length=20)
    slug = models.CharField(max_length=120)
    title = models.CharField(max_length=200)
    synonyms = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    featured = models.BooleanField(default=False)
    ranking = SearchVectorField(null=True, editable=False)  # PostgreSQL only

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "slug"], name="unique_search_entry")]

    def __str__(self) -> str:
        return self.title


class ContentVersion(models.Model):
    """One row that changes whenever any published text may have changed.

    Page ETags and stored pages are keyed by it, so every app server sees a
    change on its very next request. The random token (not just the count)
    keeps a rebuilt or restored database from reusing an old version's key.
    """

    number = models.PositiveBigIntegerField(default=1)
    token = models.CharField(max_length=32, blank=True)

    def __str__(self) -> str:
        return f"{self.number}-{self.token}"


# -- Translations ---------------------------------------------------------------

# Languages the site is published in besides English (see pathways.translations).
TRANSLATION_LANGUAGES = (("es", "Spanish"),)


class Translation(models.Model):
    """One item in another language: its own row beside the English original.

    Keyed by (language, slug) for lookups by address, and by (language, kind,
    english_slug) for the English item it translates, so neither lookup is
    ambiguous. `source_hash` is the reader-text hash
    (`pathways.content.texthash.reader_text_hash`) of the English text it was
    translated from: when the English item's hash no longer matches, the
    translation is out of date and says so. Structure (stage, substances,
    stage number, featured) is the English item's and is never repeated here.
    """

    language = models.CharField(max_length=10, choices=TRANSLATION_LANGUAGES, default="es")
    # article, stage, substance, term, block or crisis: the English item's kind.
    kind = models.CharField(max_length=20)
    slug = models.SlugField(max_length=120, help_text="The address in this language.")
    english_slug = models.CharField(
        max_length=120, help_text="The slug of the English item this translates."
    )
    source_hash = models.CharField(
        max_length=64, help_text="The English text's reader hash when it was translated."
    )
    translated = models.DateField(null=True, blank=True)
    title = models.CharField(max_length=200)
    link_text = models.CharField(max_length=80, blank=True)
    summary = models.TextField(blank=True)
    body = MarkdownxField()
    body_html = models.TextField(blank=True, editable=False)
    toc_html = models.TextField(blank=True, editable=False)
    broken_links = models.JSONField(default=list, blank=True, editable=False)
    included_sources = models.JSONField(default=list, blank=True, editable=False)
    # The English slugs its text links to or includes, space-separated with a
    # space at each end, so a changed English item finds the texts to re-render.
    link_targets = models.TextField(blank=True, editable=False)
    also_called = models.JSONField(default=list, blank=True)
    duration = models.CharField(max_length=300, blank=True)
    who = models.CharField(max_length=300, blank=True)
    questions = models.JSONField(default=list, blank=True)
    stage_notes = models.JSONField(default=dict, blank=True)
    stage_notes_html = models.JSONField(default=dict, blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    updated = models.DateField(null=True, blank=True)
    review_due = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    source_path = models.CharField(max_length=300, blank=True, editable=False)
    baseline_hash = models.CharField(max_length=64, blank=True, editable=False)
    current_hash = models.CharField(max_length=64, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    sources = GenericRelation("Source")
    history = HistoricalRecords(bases=[RevisionSources])

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["language", "kind", "title"]
        constraints = [
            models.UniqueConstraint(fields=["language", "slug"], name="unique_translation_slug"),
            models.UniqueConstraint(
                fields=["language", "kind", "english_slug"], name="unique_translation_of"
            ),
        ]
        indexes = [models.Index(fields=["language", "kind", "english_slug"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"

    def get_absolute_url(self) -> str:
        from pathways.translations import translated_url

        return translated_url(self.kind, self.slug, self.language)

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @cached_property
    def cited_keys(self) -> set[str]:
        return set(CITED_RE.findall(self.body_html))


class TranslatedSearchEntry(models.Model):
    """One published translation as search in its language sees it: plain text only.

    Apart from the English entries, so English search is unchanged. On SQLite
    an FTS5 table holds the stemmed, accent-folded words (pathways.search.spanish);
    on PostgreSQL `document` is a tsvector in the language's configuration with
    `unaccent`, indexed with GIN.
    """

    language = models.CharField(max_length=10, default="es")
    kind = models.CharField(max_length=20)
    slug = models.CharField(max_length=120)
    english_slug = models.CharField(max_length=120)
    title = models.CharField(max_length=200)
    synonyms = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    featured = models.BooleanField(default=False)
    document = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["language", "kind", "english_slug"], name="unique_translated_search_entry"
            )
        ]

    def __str__(self) -> str:
        return self.title
