"""PostgreSQL search: a weighted tsvector per entry, with a GIN index (migration 0002)."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import F
from django.db.models.expressions import Combinable

CONFIG = "english"


def document() -> Combinable:
    # Title first, then synonyms and summary, then body.
    return (
        SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("synonyms", weight="B", config=CONFIG)
        + SearchVector("summary", weight="B", config=CONFIG)
        + SearchVector("body", weight="D", config=CONFIG)
    )


def update_document(pk: int) -> None:
    from pathways.models import SearchEntry

    SearchEntry.objects.filter(pk=pk).update(document=document())


def update_all_documents() -> None:
    from pathways.models import SearchEntry

    SearchEntry.objects.update(document=document())


def ranked_ids(terms: list[str], extra: list[str], match_all: bool, limit: int) -> list[int]:
    from pathways.models import SearchEntry

    # plainto_tsquery treats its input as words, so no query text is syntax.
    parts = [SearchQuery(t, search_type="plain", config=CONFIG) for t in terms]
    query = parts[0]
    for part in parts[1:]:
        query = (query & part) if match_all else (query | part)
    for phrase in extra:
        query = query | SearchQuery(phrase, search_type="plain", config=CONFIG)
    rows = (
        SearchEntry.objects.filter(document=query)
        .annotate(rank=SearchRank(F("document"), query))
        .order_by("-rank", "title")
        .values_list("pk", flat=True)[:limit]
    )
    return list(rows)
