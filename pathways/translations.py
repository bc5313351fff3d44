"""Translations: the Spanish site's addresses, slug map, rendering and staleness.

A translation is its own row (`models.Translation`) keyed by (language, slug),
naming the English item it translates by (kind, english_slug). Links in a
translated body name ENGLISH slugs (`[[naloxone|naloxona]]`); the slug map
built here resolves each to the translated page, or, while the target has no
published translation, to that item's notice page in the same language (the
language's address with the English slug), which says in Spanish that the
page is not translated yet and links to the English one.

A translation is out of date when the English item's reader-text hash
(`pathways.content.texthash.reader_text_hash`) differs from the hash the
translation was made from (`source_hash`). Only the overdose steps may never
be out of date: the loader refuses that, and so does the admin.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from pathways.content.texthash import reader_text_hash
from pathways.models import (
    ITEM_MODELS,
    UNLINKABLE,
    Item,
    Redirect,
    Source,
    Status,
    Translation,
    url_for,
)
from pathways.rendering import (
    Block as IncludedBlock,
)
from pathways.rendering import (
    Citations,
    IncludeMap,
    SlugMap,
    Target,
    plain_text,
    render_markdown,
)

LANGUAGE = "es"
LANGUAGES = ("es",)
# The block that is never allowed to be out of date in another language.
ALWAYS_CURRENT_BLOCK = "overdose-steps"
PAGE_KINDS = ("article", "stage", "substance")
STALE_NOTICE = "translation out of date"


def translated_url(kind: str, slug: str, language: str = LANGUAGE) -> str:
    """The address of an item in a language (its own slug, or the English one for a notice)."""
    with translation.override(language):
        if kind == "term":
            return reverse("pathways:glossary") + f"#{slug}"
        return url_for(kind, slug)


def english_url(kind: str, slug: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return url_for(kind, slug)


def english_hash(item: Item) -> str:
    """The English item's reader-text hash, as /tmp/tools/enhash.py prints it for its file."""
    from pathways.content.canonical import record_from_item

    return reader_text_hash(record_from_item(item))


def is_stale(tr: Translation, english: Item) -> bool:
    return english_hash(english) != tr.source_hash


# -- Slug maps and includes -----------------------------------------------------


def published_translations(language: str, kinds: Iterable[str] | None = None) -> Any:
    qs = Translation.objects.filter(language=language, status=Status.PUBLISHED)
    return qs.filter(kind__in=list(kinds)) if kinds is not None else qs


def inline_title(kind: str, title: str) -> str:
    if kind != "term" or not title:
        return title
    words = title.split()
    if any(w[:1].isupper() for w in words[1:]) or not title[:1].isupper() or title.isupper():
        return title
    return title[:1].lower() + title[1:]


def build_translation_slug_map(language: str = LANGUAGE) -> SlugMap:
    """English slug -> where a link in a translated text goes (one query per kind)."""
    rows = {
        (r["kind"], r["english_slug"]): r
        for r in published_translations(language).values(
            "kind", "english_slug", "slug", "title", "link_text", "body_html"
        )
    }
    slugs: SlugMap = {}
    for kind, model in ITEM_MODELS.items():
        if kind in UNLINKABLE:
            continue
        for row in model.objects.values("slug", "title", "link_text", "status"):
            tr = rows.get((kind, row["slug"]))
            published = row["status"] == Status.PUBLISHED
            if tr is not None:
                slugs[row["slug"]] = Target(
                    kind=kind,
                    title=tr["link_text"] or inline_title(kind, tr["title"]),
                    url=translated_url(kind, tr["slug"], language),
                    published=published,
                    definition=plain_text(tr["body_html"]) if kind == "term" else "",
                    slug=row["slug"],
                )
            else:
                # Not translated: the notice page in this language (a glossary
                # term has none, so it goes to the English glossary entry).
                url = (
                    english_url(kind, row["slug"])
                    if kind == "term"
                    else translated_url(kind, row["slug"], language)
                )
                slugs[row["slug"]] = Target(
                    kind=kind,
                    title=row["link_text"] or row["title"],
                    url=url,
                    published=published,
                    slug=row["slug"],
                )
    for old, new in Redirect.objects.values_list("old_slug", "new_slug"):
        if old not in slugs and new in slugs:
            slugs[old] = slugs[new]
    return slugs


def build_translation_include_map(language: str = LANGUAGE) -> IncludeMap:
    """Each translated block by its ENGLISH slug, with its own source ids (two queries)."""
    blocks = {
        b.pk: b
        for b in Translation.objects.filter(language=language, kind="block").only(
            "pk", "english_slug", "body"
        )
    }
    ids: dict[int, list[str]] = {pk: [] for pk in blocks}
    for object_id, key in Source.objects.filter(
        content_type__model="translation", object_id__in=list(blocks)
    ).values_list("object_id", "key"):
        ids.setdefault(object_id, []).append(key)
    return {
        b.english_slug: IncludedBlock(body=b.body, source_ids=tuple(ids.get(pk, [])))
        for pk, b in blocks.items()
    }


def translated_block_sources(language: str, slugs: Iterable[str]) -> list[dict[str, str]]:
    wanted = list(slugs)
    if not wanted:
        return []
    by_slug = {
        b.english_slug: b
        for b in Translation.objects.filter(
            language=language, kind="block", english_slug__in=wanted
        ).prefetch_related("sources")
    }
    rows = []
    for slug in wanted:
        block = by_slug.get(slug)
        for s in block.sources.all() if block else []:
            rows.append(
                {
                    "key": s.key,
                    "title": s.title,
                    "publisher": s.publisher,
                    "url": s.url,
                    "checked": s.checked.isoformat() if s.checked else "",
                }
            )
    return rows


# -- Rendering ------------------------------------------------------------------


def translation_citations(tr: Translation) -> Citations:
    keys = tuple(s.key for s in tr.sources.all() if s.key) if tr.pk else ()
    if tr.kind == "crisis":
        return Citations(order=keys, prefix="crisis-", source_prefix="crisis-")
    return Citations(order=keys)


def render_translation(
    tr: Translation, slugs: SlugMap | None = None, blocks: IncludeMap | None = None
) -> list[str]:
    """Store the translation's HTML; return the English slugs it links to or includes."""
    slugs = slugs if slugs is not None else build_translation_slug_map(tr.language)
    blocks = blocks if blocks is not None else build_translation_include_map(tr.language)
    rendered = render_markdown(
        tr.body, slugs, {} if tr.kind == "block" else blocks, translation_citations(tr)
    )
    tr.body_html = localize_markup(rendered.html, tr.language)
    tr.toc_html = rendered.toc_html if tr.kind in PAGE_KINDS else ""
    tr.included_sources = translated_block_sources(tr.language, rendered.includes)
    links = list(rendered.links) + [s for s in rendered.includes if s not in rendered.links]
    missing = list(rendered.missing) + [f"include {s}" for s in rendered.missing_includes]
    if tr.kind == "substance":
        notes_html: dict[str, str] = {}
        order = translation_citations(tr).order
        base = translated_url("substance", tr.slug, tr.language)
        for stage_slug, note in (tr.stage_notes or {}).items():
            cites = Citations(order=order, prefix=f"{tr.slug}-{stage_slug}-", href_base=base)
            note_rendered = render_markdown(note, slugs, {}, cites)
            notes_html[stage_slug] = localize_markup(note_rendered.html, tr.language)
            links += [s for s in note_rendered.links if s not in links]
            missing += [s for s in note_rendered.missing if s not in missing]
        tr.stage_notes_html = notes_html
    tr.broken_links = missing
    tr.link_targets = f" {' '.join(links)} " if links else ""
    return links


def localize_markup(html: str, language: str) -> str:
    """The few words the renderer writes itself (citation and table labels), translated."""
    if language != "es":
        return html
    return html.replace('aria-label="Source ', 'aria-label="Fuente ').replace(
        'aria-label="Table"', 'aria-label="Tabla"'
    )


def save_translation_rendered(tr: Translation) -> None:
    Translation.objects.filter(pk=tr.pk).update(
        body_html=tr.body_html,
        toc_html=tr.toc_html,
        broken_links=tr.broken_links,
        included_sources=tr.included_sources,
        stage_notes_html=tr.stage_notes_html,
        link_targets=tr.link_targets,
    )


def rerender_translations(language: str = LANGUAGE, pks: Iterable[int] | None = None) -> int:
    """Render (and re-index) translations: all of a language, or these."""
    from pathways.translation_search import index_translation

    slugs = build_translation_slug_map(language)
    blocks = build_translation_include_map(language)
    qs = Translation.objects.filter(language=language).prefetch_related("sources")
    if pks is not None:
        qs = qs.filter(pk__in=list(pks))
    english = english_status_map()
    count = 0
    for tr in qs:
        render_translation(tr, slugs, blocks)
        save_translation_rendered(tr)
        index_translation(tr, english_published=english.get((tr.kind, tr.english_slug), False))
        count += 1
    forget_language_cache()
    return count


def english_status_map() -> dict[tuple[str, str], bool]:
    """(kind, slug) -> published, for every English item (one query per kind)."""
    out: dict[tuple[str, str], bool] = {}
    for kind, model in ITEM_MODELS.items():
        for slug, status in model.objects.values_list("slug", "status"):
            out[(kind, slug)] = status == Status.PUBLISHED
    return out


def english_item(tr: Translation) -> Item | None:
    model = ITEM_MODELS.get(tr.kind)
    if model is None:
        return None
    return model.objects.filter(slug=tr.english_slug).prefetch_related("sources").first()


# -- Out of date ----------------------------------------------------------------


@dataclass
class StaleTranslation:
    translation: Translation
    english: Item
    english_hash: str

    @property
    def label(self) -> str:
        tr, item = self.translation, self.english
        when = item.updated.isoformat() if item.updated else "undated"
        return (
            f"{tr.source_path or tr.slug}: {STALE_NOTICE} "
            f"(the English {item.kind} '{item.slug}' changed; updated {when})"
        )


def stale_translations(language: str = LANGUAGE) -> list[StaleTranslation]:
    """Translations whose English text changed after they were made."""
    from pathways.content.loading import prefetched

    found: list[StaleTranslation] = []
    rows = list(Translation.objects.filter(language=language))
    wanted: dict[str, set[str]] = {}
    for tr in rows:
        wanted.setdefault(tr.kind, set()).add(tr.english_slug)
    english: dict[tuple[str, str], Item] = {}
    for kind, slugs in wanted.items():
        model = ITEM_MODELS.get(kind)
        if model is None:
            continue
        for item in prefetched(model):
            if item.slug in slugs:
                english[(kind, item.slug)] = item
    for tr in rows:
        item = english.get((tr.kind, tr.english_slug))
        if item is None:
            continue
        current = english_hash(item)
        if current != tr.source_hash:
            found.append(StaleTranslation(tr, item, current))
    return found


def translated_from_text(stale: StaleTranslation) -> str | None:
    """The English body the translation was made from: the revision whose reader hash is
    the translation's source_hash (None when history no longer has it)."""
    from pathways.content.canonical import source_record

    english = stale.english
    sources = [source_record(s) for s in english.sources.all()]
    history = getattr(english, "history", None)
    if history is None:
        return None
    for old in history.order_by("-history_date")[:50]:
        record: dict[str, Any] = {
            name: getattr(old, name, "")
            for name in ("title", "link_text", "summary", "body", "duration", "who")
        }
        for name in ("questions", "stage_notes", "also_called"):
            record[name] = getattr(old, name, None) or ([] if name != "stage_notes" else {})
        record["sources"] = sources
        from pathways.content.parsing import normalize_body

        record["body"] = normalize_body(record["body"] or "")
        if reader_text_hash(record) == stale.translation.source_hash:
            return str(old.body)
    return None


def out_of_date_with_diffs(language: str = LANGUAGE) -> list[dict[str, Any]]:
    """For the dashboard: each out-of-date translation, with a diff of the English change."""
    from pathways.admin_views import word_diff

    rows = []
    for stale in stale_translations(language):
        before = translated_from_text(stale)
        rows.append(
            {
                "translation": stale.translation,
                "english": stale.english,
                "diff": word_diff(before, stale.english.body) if before is not None else None,
            }
        )
    return rows


# -- The other language's address of a page (language links, hreflang) ------------


def language_cache_key(language: str) -> str:
    # Its own counter, bumped whenever translations are rendered or withdrawn:
    # reading it costs no query (the content version may).
    return f"translations:{language}:{cache.get_or_set('translations:version', 1)}"


def forget_language_cache() -> None:
    try:
        cache.incr("translations:version")
    except ValueError:
        cache.set("translations:version", 2)


def translated_slugs(language: str = LANGUAGE) -> dict[str, str]:
    """'kind:english-slug' -> translated slug, for published translations (cached)."""
    key = language_cache_key(language)
    found: dict[str, str] | None = cache.get(key)
    if found is None:
        found = {
            f"{kind}:{english}": slug
            for kind, english, slug in published_translations(language).values_list(
                "kind", "english_slug", "slug"
            )
        }
        cache.set(key, found, 3600)
    return found


def withdraw_translations(kind: str, slug: str, reason: str) -> int:
    """The English item is gone or unpublished: its translations come off the site."""
    from pathways.translation_search import forget_translation

    count = 0
    for tr in Translation.objects.filter(kind=kind, english_slug=slug):
        forget_translation(tr)
        if tr.status == Status.PUBLISHED:
            tr.status = Status.DRAFT
            setattr(tr, "_change_reason", reason)  # noqa: B010
            tr.save()
            count += 1
    forget_language_cache()
    return count
