"""The public pages in another language (Spanish, under /es/), on the English templates.

The URL patterns are the English ones inside `i18n_patterns`, with translated
paths; each English view hands a request in another language to the view of
the same name here (`views.localized`). A page shows its translation with the
English item's structure (stage, drugs, order). An item with no published
translation gets a notice page, in the reader's language, that links to the
English page: never a 404, never English text presented as Spanish.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.functional import cached_property
from django.views.decorators.http import require_safe

from pathways.models import (
    ITEM_MODELS,
    Article,
    GlossaryTerm,
    Redirect,
    Stage,
    Status,
    Substance,
    Translation,
)
from pathways.ratelimit import over_limit
from pathways.translations import english_hash, english_url, translated_url

RELATED_LIMIT = 5


class Localized:
    """An English item seen through its translation: Spanish text, English structure."""

    def __init__(self, english: Any, tr: Translation | None, language: str) -> None:
        self.english = english
        self.tr = tr
        self.language = language
        self.kind = english.kind
        self.pk = english.pk
        self.english_slug = english.slug
        self.untranslated = tr is None
        self.stage: Localized | None = None
        # Only what was loaded: a deferred field would cost a query per row.
        for name in ("number", "stage_id", "featured"):
            if name in english.__dict__:
                setattr(self, name, english.__dict__[name])
        if tr is not None:
            self.slug = tr.slug
            self.title = tr.title
            self.link_text = tr.link_text
            self.summary = tr.summary
        else:
            # Only the title, marked as English where it is shown; never the text.
            self.slug = english.slug
            self.title = english.title
            self.link_text = english.link_text
            self.summary = ""

    def __getattr__(self, name: str) -> Any:
        # Text fields come from the translation only; anything else is absent.
        tr = self.__dict__.get("tr")
        if tr is not None and name in TEXT_FIELDS:
            return getattr(tr, name)
        if name in TEXT_FIELDS:
            return EMPTY_TEXT.get(name, "")
        raise AttributeError(name)

    def get_absolute_url(self) -> str:
        return translated_url(self.kind, self.slug, self.language)

    @property
    def english_url(self) -> str:
        return english_url(self.kind, self.english_slug)

    @property
    def short_title(self) -> str:
        return self.title.split(":")[0].split(",")[0].strip()

    # A translation has had no clinical review of its own.
    clinically_reviewed = False
    review_state = "none"
    reviewed_by = ""
    reviewed_on = None
    is_translation = True

    @property
    def review_overdue(self) -> bool:
        due = self.tr.review_due if self.tr else None
        return due is not None and due < timezone.localdate()

    @property
    def facts_may_have_changed(self) -> bool:
        until = self.tr.valid_until if self.tr else None
        return until is not None and until < timezone.localdate()

    @cached_property
    def stale(self) -> bool:
        return self.tr is not None and english_hash(self.english) != self.tr.source_hash

    @property
    def english_updated(self) -> datetime.date | None:
        return getattr(self.english, "updated", None)

    @property
    def cited_keys(self) -> set[str]:
        return self.tr.cited_keys if self.tr else set()


TEXT_FIELDS = {
    "body_html",
    "toc_html",
    "also_called",
    "duration",
    "who",
    "questions",
    "stage_notes_html",
    "updated",
    "review_due",
    "valid_until",
    "translated",
    "included_sources",
    "sources",
    "status",
}
EMPTY_TEXT: dict[str, Any] = {
    "also_called": [],
    "questions": [],
    "stage_notes_html": {},
    "included_sources": [],
    "updated": None,
    "review_due": None,
    "valid_until": None,
    "translated": None,
}


def language() -> str:
    return translation.get_language() or "es"


def translations_for(kind: str, slugs: Iterable[str], lang: str) -> dict[str, Translation]:
    wanted = list(slugs)
    if not wanted:
        return {}
    rows = Translation.objects.published().filter(language=lang, kind=kind, english_slug__in=wanted)
    return {tr.english_slug: tr for tr in rows}


def localize(items: Iterable[Any], lang: str, kind: str | None = None) -> list[Localized]:
    items = list(items)
    if not items:
        return []
    return localize_many(lang, (kind or items[0].kind, items))[0]


def localize_many(lang: str, *groups: tuple[str, Iterable[Any]]) -> list[list[Localized]]:
    """Several lists of English items, localized with one query for all their translations."""
    lists = [(kind, list(items)) for kind, items in groups]
    query = Q()
    for kind, items in lists:
        if items:
            query |= Q(kind=kind, english_slug__in={i.slug for i in items})
    found: dict[tuple[str, str], Translation] = {}
    if query:
        rows = Translation.objects.published().filter(query, language=lang)
        found = {(tr.kind, tr.english_slug): tr for tr in rows}
    return [[Localized(i, found.get((kind, i.slug)), lang) for i in items] for kind, items in lists]


def published_stages() -> list[Stage]:
    return list(Stage.objects.published())


def listed_articles() -> Any:
    return Article.objects.published().only("slug", "title", "summary", "stage_id", "featured")


def common(request: HttpRequest, lang: str, english_path: str, **extra: Any) -> dict[str, Any]:
    return {
        "alternate_en": english_path,
        "alternate_es": extra.pop("alternate_es", request.path),
        **extra,
    }


# -- Pages ----------------------------------------------------------------------


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    lang = language()
    stages, featured = localize_many(
        lang,
        ("stage", published_stages()),
        ("article", listed_articles().filter(featured=True)),
    )
    return render(
        request,
        "pathways/home.html",
        common(request, lang, english_url_name("home"), stages=stages, featured=featured),
    )


def english_url_name(name: str, *args: str) -> str:
    from django.urls import reverse

    with translation.override(settings.LANGUAGE_CODE):
        return reverse(f"pathways:{name}", args=args)


@require_safe
def pathway(request: HttpRequest) -> HttpResponse:
    from pathways.views import reading_order

    lang = language()
    stages = published_stages()
    articles = list(listed_articles())
    english_substances = Substance.objects.published().only(
        "slug", "title", "link_text", "stage_notes_html"
    )
    localized_stages, localized_list, all_substances = localize_many(
        lang, ("stage", stages), ("article", articles), ("substance", english_substances)
    )
    substances = [s for s in all_substances if not s.untranslated]
    wanted = request.GET.get("substance", "")
    chosen = next((s for s in substances if wanted in {s.slug, s.english_slug}), None)
    by_stage = {s.pk: [a for a in articles if a.stage_id == s.pk] for s in stages}
    localized_articles = {a.pk: a for a in localized_list}
    rows = []
    for stage, loc in zip(stages, localized_stages, strict=True):
        ordered = reading_order(stage, by_stage[stage.pk])
        note = chosen.stage_notes_html.get(stage.slug, "") if chosen else ""
        rows.append((loc, note, [localized_articles[a.pk] for a in ordered]))
    across = [localized_articles[a.pk] for a in articles if a.stage_id is None]
    context = common(
        request,
        lang,
        english_url_name("pathway"),
        stages=localized_stages,
        rows=rows,
        across=across,
        substances=substances,
        chosen=chosen,
        unknown_substance=bool(wanted) and chosen is None,
    )
    return render(request, "pathways/pathway.html", context)


def find(
    kind: str, slug: str, lang: str, english_qs: Any = None
) -> tuple[Any, Translation | None] | HttpResponse:
    """The English item (from english_qs) and its translation for an address, a redirect,
    or a 404."""
    model = ITEM_MODELS[kind]
    tr = (
        Translation.objects.published()
        .filter(language=lang, kind=kind, slug=slug)
        .prefetch_related("sources")
        .first()
    )
    english_slug = tr.english_slug if tr else slug
    qs = english_qs if english_qs is not None else model.objects.all()
    english = qs.filter(slug=english_slug, status=Status.PUBLISHED).first()
    if english is None and tr is None:
        moved = Redirect.objects.filter(kind=kind, old_slug=slug).first()
        if moved is None:
            raise Http404
        return HttpResponsePermanentRedirect(translated_url(kind, moved.new_slug, lang))
    if english is None:
        raise Http404  # the English original is gone or unpublished: so is this
    if tr is None:
        own = translations_for(kind, [english.slug], lang).get(english.slug)
        if own is not None:  # the English slug of a translated page
            return HttpResponsePermanentRedirect(translated_url(kind, own.slug, lang))
    return english, tr


def notice(request: HttpRequest, english: Any, lang: str) -> HttpResponse:
    """The page has no translation yet: say so, and link to the English page."""
    item = Localized(english, None, lang)
    context = common(
        request, lang, item.english_url, item=item, untranslated_notice=True, alternate_es=None
    )
    return render(request, "pathways/untranslated.html", context)


@require_safe
def stage(request: HttpRequest, slug: str) -> HttpResponse:
    from pathways.views import reading_order

    lang = language()
    found = find(
        "stage",
        slug,
        lang,
        Stage.objects.prefetch_related("sources").prefetch_related(
            Prefetch("articles", queryset=listed_articles())
        ),
    )
    if isinstance(found, HttpResponse):
        return found
    english, tr = found
    if tr is None:
        return notice(request, english, lang)
    item = Localized(english, tr, lang)
    english_stages = list(Stage.objects.published().only("slug", "title", "number"))
    articles = list(english.articles.all())
    english_substances = Substance.objects.published().only(
        "slug", "title", "link_text", "stage_notes_html"
    )
    stages, localized_list, substances = localize_many(
        lang, ("stage", english_stages), ("article", articles), ("substance", english_substances)
    )
    index = next(i for i, s in enumerate(stages) if s.pk == english.pk)
    localized_articles = {a.pk: a for a in localized_list}
    context = common(
        request,
        lang,
        english_url(english.kind, english.slug),
        item=item,
        articles=[localized_articles[a.pk] for a in reading_order(english, articles)],
        stage_count=len(stages),
        previous=stages[index - 1] if index > 0 else None,
        next=stages[index + 1] if index + 1 < len(stages) else None,
        notes=[
            (s, s.stage_notes_html[english.slug])
            for s in substances
            if not s.untranslated and s.stage_notes_html.get(english.slug)
        ],
    )
    return render(request, "pathways/stage.html", context)


@require_safe
def article(request: HttpRequest, slug: str) -> HttpResponse:
    lang = language()
    found = find(
        "article",
        slug,
        lang,
        Article.objects.select_related("stage").prefetch_related("sources", "substances"),
    )
    if isinstance(found, HttpResponse):
        return found
    english, tr = found
    if tr is None:
        return notice(request, english, lang)
    item = Localized(english, tr, lang)
    stage_obj = english.stage if english.stage and english.stage.is_published else None
    related_q = listed_articles().filter(
        Q(stage=english.stage_id) if english.stage_id else Q(stage__isnull=True)
    )
    english_stages = list(Stage.objects.published().only("slug", "title", "number"))
    stages, substances, related = localize_many(
        lang,
        ("stage", english_stages),
        ("substance", [s for s in english.substances.all() if s.status == Status.PUBLISHED]),
        (
            "article",
            related_q.exclude(pk=english.pk).order_by("-featured", "title")[:RELATED_LIMIT],
        ),
    )
    item.stage = next((s for s in stages if stage_obj and s.pk == stage_obj.pk), None)
    next_stage = None
    if stage_obj is not None:
        next_stage = next((s for s in stages if s.number > stage_obj.number), None)
    context = common(
        request,
        lang,
        english_url(english.kind, english.slug),
        item=item,
        substances=substances,
        related=[r for r in related if not r.untranslated],
        stage_count=len(stages),
        next_stage=next_stage,
        show_toc=item.toc_html.count("<li>") >= 3,
    )
    return render(request, "pathways/article.html", context)


@require_safe
def substance(request: HttpRequest, slug: str) -> HttpResponse:
    from pathways.views import pathway_order

    lang = language()
    found = find(
        "substance",
        slug,
        lang,
        Substance.objects.prefetch_related("sources").prefetch_related(
            Prefetch("articles", queryset=listed_articles())
        ),
    )
    if isinstance(found, HttpResponse):
        return found
    english, tr = found
    if tr is None:
        return notice(request, english, lang)
    item = Localized(english, tr, lang)
    stages = list(Stage.objects.published().only("slug", "title", "number", "body_html"))
    ordered = pathway_order(list(english.articles.all()), stages)
    localized_stages, localized_articles = localize_many(
        lang, ("stage", stages), ("article", ordered)
    )
    loc_stages = {s.pk: s for s in localized_stages}
    loc_arts = {a.pk: a for a in localized_articles}
    notes = [
        (loc_stages[s.pk], tr.stage_notes_html[s.slug])
        for s in stages
        if s.slug in (tr.stage_notes_html or {})
    ]
    groups = [
        (loc_stages[s.pk], [loc_arts[a.pk] for a in ordered if a.stage_id == s.pk]) for s in stages
    ] + [(None, [loc_arts[a.pk] for a in ordered if a.stage_id not in loc_stages])]
    context = common(
        request,
        lang,
        english_url(english.kind, english.slug),
        item=item,
        notes=notes,
        article_groups=[(s, g) for s, g in groups if g],
    )
    return render(request, "pathways/substance.html", context)


@require_safe
def glossary(request: HttpRequest) -> HttpResponse:
    lang = language()
    everything = localize(GlossaryTerm.objects.published(), lang, "term")
    terms = sorted(
        (t for t in everything if not t.untranslated), key=lambda t: (t.title.lower(), t.slug)
    )
    untranslated = sorted((t for t in everything if t.untranslated), key=lambda t: t.title)
    letters = sorted({t.title[0].upper() for t in terms})
    context = common(
        request,
        lang,
        english_url_name("glossary"),
        terms=terms,
        letters=letters,
        untranslated_terms=untranslated,
    )
    return render(request, "pathways/glossary.html", context)


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    lang = language()
    return render(request, "pathways/about.html", common(request, lang, english_url_name("about")))


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    from pathways import translation_search

    lang = language()
    if over_limit(request, "search", settings.SEARCH_RATE_LIMIT):
        return render(
            request, "429.html", common(request, lang, english_url_name("search")), status=429
        )
    raw = request.GET.get("q", "")
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    try:
        results = translation_search.search(raw, page, lang) if raw.strip() else None
    except Exception:  # a search that fails still answers, with the help numbers
        import logging

        logging.getLogger(__name__).exception("Spanish search failed")
        results = None
    context = common(
        request,
        lang,
        english_url_name("search"),
        results=results,
        query=results.query if results else "",
    )
    if results is None or not results.results:
        stages, featured = localize_many(
            lang,
            ("stage", published_stages()),
            ("article", listed_articles().filter(featured=True)),
        )
        context["stages"] = stages
        context["featured"] = [a for a in featured if not a.untranslated]
    return render(request, "pathways/search.html", context)


class TranslatedFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed

    def title(self) -> str:
        return str(translation.gettext("Opioid Treatment Pathway: recently updated"))

    def subtitle(self) -> str:
        return str(
            translation.gettext("Articles on opioid use disorder treatment, newest changes first.")
        )

    def link(self) -> str:
        from django.urls import reverse

        return reverse("pathways:home")

    def items(self) -> Any:
        published = set(Article.objects.published().values_list("slug", flat=True))
        rows = Translation.objects.published().filter(language=language(), kind="article")
        return [tr for tr in rows.order_by("-updated", "title") if tr.english_slug in published][
            :20
        ]

    def item_title(self, item: Translation) -> str:
        return item.title

    def item_description(self, item: Translation) -> str:
        return item.summary

    def item_link(self, item: Translation) -> str:
        return item.get_absolute_url()

    def item_updateddate(self, item: Translation) -> datetime.datetime | None:
        if item.updated is None:
            return None
        return datetime.datetime.combine(item.updated, datetime.time(), tzinfo=datetime.UTC)

    def item_pubdate(self, item: Translation) -> datetime.datetime | None:
        return self.item_updateddate(item)


def feed(request: HttpRequest) -> HttpResponse:
    if (translation.get_language() or "") in {"es"}:
        return TranslatedFeed()(request)
    from pathways.feeds import RecentlyUpdated

    return RecentlyUpdated()(request)
