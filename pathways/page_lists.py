"""The order lists follow on a page: a stage's reading order, the pathway's, "linked from".

Pure functions of what a view already fetched, so the English and Spanish
pages order their lists the same way and no list costs a query of its own.
"""

from __future__ import annotations

from typing import Any

from pathways.models import Article, Link, Stage

# "Linked from" shows this many, most useful first; the rest fold away.
BACKLINKS_SHOWN = 5


def reading_order(stage: Stage | None, articles: list[Article]) -> list[Article]:
    """Articles in the order the stage's own text introduces them.

    The stage page is written as a walk through the stage, so where it first
    links to an article is its place in the reading order; articles it never
    links to follow, by title.
    """
    text = stage.body_html if stage is not None else ""

    def key(article: Article) -> tuple[int, str]:
        found = text.find(f'href="/articles/{article.slug}/"')
        return (found if found >= 0 else len(text) + 1, article.title.lower())

    return sorted(articles, key=key)


def pathway_order(articles: list[Article], stages: list[Stage]) -> list[Article]:
    """Articles across stages, in pathway order: by stage, then each stage's reading order."""
    by_pk = {s.pk: s for s in stages}
    ordered: list[Article] = []
    for stage in sorted(stages, key=lambda s: s.number):
        ordered += reading_order(stage, [a for a in articles if a.stage_id == stage.pk])
    ordered += sorted(
        (a for a in articles if a.stage_id not in by_pk), key=lambda a: a.title.lower()
    )
    return ordered


def backlink_groups(slug: str) -> dict[str, Any]:
    """ "Linked from": pathway stages first, then articles, capped with the rest folded."""
    links = Link.objects.backlinks_to(slug)
    rank = {"stage": 0, "substance": 1, "article": 2, "term": 3}
    links.sort(key=lambda link: (rank.get(link.source_kind, 9), link.source_title.lower()))
    return {"backlinks": links[:BACKLINKS_SHOWN], "more_backlinks": links[BACKLINKS_SHOWN:]}
