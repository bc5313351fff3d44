"""What the loader would refuse, asked of a row written any other way.

An admin save, a restore or a script's `save()` must not leave a row that
the next `load_content` (after `export_content`) would refuse. So the row's
record is serialized as the file it would export to and read back with the
loader's own parser, and the loader's own per-item checks run on it, with
the database standing in for the rest of the tree (the other slugs, the
allowed source domains). The messages are the loader's, word for word.
"""

from __future__ import annotations

from pathlib import Path

from pathways.content.format.canonical import serialize, serialize_list
from pathways.content.format.checks import (
    check_domains,
    check_item,
    check_links,
    check_references,
    lint_item,
)
from pathways.content.format.parsing import (
    ParsedItem,
    ParsedTree,
    parse_list_text,
    parse_markdown_text,
)
from pathways.content.sync.records import default_path, record_from_item
from pathways.models import ITEM_MODELS, ContentWriteRefused, Item, Redirect, SourceDomain


def refusals(item: Item) -> list[str]:
    """The loader's errors for this row's text as it is now ("line N: message")."""
    record = dict(record_from_item(item), slug=item.slug)
    rel = item.source_path or default_path(item)
    tree = ParsedTree(root=Path("content"))
    parsed: ParsedItem | None
    if item.spec.listed:
        found = parse_list_text(tree, rel, item.kind, serialize_list(item.kind, [record]))
        parsed = found[0] if found else None
    else:
        parsed = parse_markdown_text(tree, rel, item.kind, item.slug, serialize(item.kind, record))
    if parsed is not None:
        kinds = known_slugs()
        check_references(tree, parsed, kinds)
        check_domains(tree, parsed, list(SourceDomain.objects.values_list("domain", flat=True)))
        check_item(tree, parsed)
        check_links(tree, parsed, kinds)
        lint_item(tree, parsed)
    return [f"line {e.line}: {e.message}" for e in tree.errors]


def known_slugs() -> dict[str, str]:
    """Every slug in the database, and every old slug that still redirects, by kind."""
    kinds = {
        slug: kind
        for kind, model in ITEM_MODELS.items()
        for slug in model.objects.values_list("slug", flat=True)
    }
    for kind, old in Redirect.objects.values_list("kind", "old_slug"):
        kinds.setdefault(old, kind)
    return kinds


def refuse_if_invalid(item: Item) -> None:
    problems = refusals(item)
    if problems:
        raise ContentWriteRefused(
            f"{item.kind} '{item.slug}' can't be saved as it is: the loader would refuse it "
            f"once exported ({'; '.join(problems)})."
        )
