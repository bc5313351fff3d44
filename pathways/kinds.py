"""What each kind of item is, in one table: its file, its fields, its page, its links.

The loader, the exporter, the checks, the models and the admin ask this table
instead of testing for a particular kind, so adding a kind means adding a row
here (and its model and schema), not a branch in every module. Pure data: no
Django, so the file-format layer (`pathways.content.format`) can read it too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class KindSpec:
    name: str  # "article": the kind's name in files, link rows, redirects and search
    # Where its file lives, relative to content/ (and to content/<language>/):
    # "{slug}" and "{number:02d}" are filled in; a ".yml" file holds a list of
    # items; a path with no "{slug}" holds the one item whose slug is its stem.
    path: str
    schema: str  # the front-matter schema its files are read with (format.schema.SCHEMAS)
    has_page: bool  # a page of its own, with a summary and a clinical review
    searchable: bool  # has a search entry while published
    linkable: bool  # a [[slug]] may name it
    has_toc: bool  # its page shows a table of contents
    has_sources: bool  # lists and cites sources
    included: bool  # pages show it with {{include slug}}
    load_order: int  # written in this order: what others include or name comes first
    route: str  # the URL route name of its address
    # How the slug goes into its address: as the route's argument, as a
    # #fragment of the route's page, or not at all (one page shows it).
    address: Literal["slug", "fragment", "none"]
    min_sources: int = 0  # a published item of this kind cites at least this many

    @property
    def folder(self) -> str:
        """The folder its files live in ("" for a file at the top of content/)."""
        return self.path.rpartition("/")[0]

    @property
    def listed(self) -> bool:
        """Many items in one YAML list file (the glossary)."""
        return self.path.endswith(".yml")

    @property
    def numbered(self) -> bool:
        """Its file names carry a number that orders the items (stages)."""
        return "{number" in self.path

    @property
    def single(self) -> bool:
        """One file, one item, whose slug is the file's stem (the crisis box)."""
        return "{slug}" not in self.path and not self.listed

    @property
    def file_name(self) -> re.Pattern[str]:
        """A file name in its folder: the number (when numbered) and slug as groups."""
        name = self.path.rpartition("/")[2]
        pattern = re.escape(name).replace(r"\{number:02d\}", r"(?P<number>\d{2})")
        return re.compile("^" + pattern.replace(r"\{slug\}", r"(?P<slug>.+)") + "$")

    def file_path(self, slug: str, number: int | None = None) -> str:
        """The canonical path of an item's file, relative to content/."""
        return self.path.format(slug=slug, number=number or 0)


# In the order files are read (and errors reported); `load_order` is the order
# they are written in.
KINDS: dict[str, KindSpec] = {
    spec.name: spec
    for spec in (
        KindSpec(
            name="stage",
            path="stages/{number:02d}-{slug}.md",
            schema="stage",
            has_page=True,
            searchable=True,
            linkable=True,
            has_toc=True,
            has_sources=True,
            included=False,
            load_order=1,
            route="pathways:stage",
            address="slug",
        ),
        KindSpec(
            name="block",
            path="blocks/{slug}.md",
            schema="block",
            has_page=False,
            searchable=False,
            linkable=False,
            has_toc=False,
            has_sources=True,
            included=True,
            load_order=0,
            route="pathways:home",
            address="none",
        ),
        KindSpec(
            name="substance",
            path="substances/{slug}.md",
            schema="substance",
            has_page=True,
            searchable=True,
            linkable=True,
            has_toc=True,
            has_sources=True,
            included=False,
            load_order=2,
            route="pathways:substance",
            address="slug",
        ),
        KindSpec(
            name="article",
            path="articles/{slug}.md",
            schema="article",
            has_page=True,
            searchable=True,
            linkable=True,
            has_toc=True,
            has_sources=True,
            included=False,
            load_order=4,
            route="pathways:article",
            address="slug",
            min_sources=2,
        ),
        KindSpec(
            name="term",
            path="glossary.yml",
            schema="term",
            has_page=False,
            searchable=True,
            linkable=True,
            has_toc=False,
            has_sources=False,
            included=False,
            load_order=3,
            route="pathways:glossary",
            address="fragment",
        ),
        KindSpec(
            name="crisis",
            path="crisis.md",
            schema="crisis",
            has_page=False,
            searchable=False,
            linkable=False,
            has_toc=False,
            has_sources=True,
            included=False,
            load_order=5,
            route="pathways:home",
            address="none",
        ),
    )
}

# Kinds in the order the loader writes them.
LOAD_ORDER: list[str] = sorted(KINDS, key=lambda kind: KINDS[kind].load_order)
# Kinds with no page of their own, that no [[link]] may name.
UNLINKABLE: frozenset[str] = frozenset(k for k, spec in KINDS.items() if not spec.linkable)
