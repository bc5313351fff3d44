"""Rendering translations: their links and includes resolved in their own language.

Links in a translated body name ENGLISH slugs (`[[naloxone|naloxona]]`); the
slug map built here resolves each to the translated page, or, while the
target has no published translation, to that item's notice page in the same
language (the language's address with the English slug), which says in
Spanish that the page is not translated yet and links to the English one.
"""

from __future__ import annotations

from collections.abc import Iterable

from pathways.kinds import UNLINKABLE
from pathways.models import ITEM_MODELS, Redirect, Source, Status, Translation
from pathways.models.translations import translated_url
from pathways.publishing.maps import included_source_rows
from pathways.rendering import Block as IncludedBlock
from pathways.rendering import (
    Citations,
    IncludeMap,
    SlugMap,
    Target,
    plain_text,
    render_markdown,
)
from pathways.translation_addresses import (
    LANGUAGE,
    english_url,
    forget_language_cache,
    published_translations,
)

PAGE_KINDS = ("article", "stage", "substance")


def inline_title(kind: str, title: str) -> str:
    """How a bare [[slug]] to a glossary term reads mid-sentence: lower-cased, unless
    the headword is a name or an acronym."""
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
    return included_source_rows(wanted, by_slug)


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
    from pathways.search.spanish import index_translation

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
