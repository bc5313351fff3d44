"""The site's models, by job: content items, querysets, relations, search, versions, translations.

Everything is importable from `pathways.models`, as Django and the rest of
the code expect.
"""

from __future__ import annotations

from pathways.models.items import (
    CITED_RE,
    ITEM_MODELS,
    Article,
    Block,
    CrisisBox,
    GlossaryTerm,
    Item,
    Page,
    Stage,
    Substance,
    url_for,
)
from pathways.models.querysets import (
    LISTED_FIELDS,
    PUBLISHED_COLUMNS,
    SOURCE_TEXT_COLUMNS,
    ArticleQuerySet,
    ContentWriteRefused,
    ItemQuerySet,
    LinkQuerySet,
    PublishedQuerySet,
    RedirectQuerySet,
    SourceQuerySet,
    Status,
)
from pathways.models.relations import Link, Redirect, Source, SourceDomain
from pathways.models.revisions import ArticleRevision, RevisionSources
from pathways.models.search import SearchEntry, TranslatedSearchEntry
from pathways.models.translations import TRANSLATION_LANGUAGES, Translation
from pathways.models.versions import ContentVersion

__all__ = [
    "CITED_RE",
    "ITEM_MODELS",
    "LISTED_FIELDS",
    "PUBLISHED_COLUMNS",
    "SOURCE_TEXT_COLUMNS",
    "TRANSLATION_LANGUAGES",
    "Article",
    "ArticleQuerySet",
    "ArticleRevision",
    "Block",
    "ContentVersion",
    "ContentWriteRefused",
    "CrisisBox",
    "GlossaryTerm",
    "Item",
    "ItemQuerySet",
    "Link",
    "LinkQuerySet",
    "Page",
    "PublishedQuerySet",
    "Redirect",
    "RedirectQuerySet",
    "RevisionSources",
    "SearchEntry",
    "Source",
    "SourceDomain",
    "SourceQuerySet",
    "Stage",
    "Status",
    "Substance",
    "TranslatedSearchEntry",
    "Translation",
    "url_for",
]
