"""A clinical review belongs to the text it reviewed.

A review records who (name and credentials), when, and `reviewed_hash`: the
reader-text hash (`pathways.content.format.texthash.reader_text_hash`) of exactly
what the reviewer signed. That is the page's title, link text, summary, body,
the other text a reader sees (a stage's duration, who and questions, a drug's
stage notes, other names), each source's id, title and address, and the
reader hash of every shared block the page includes (`{{include slug}}`), so
a change to the overdose steps is a change to every page that shows them.

The state is never stored: it is worked out from the text as it is now, each
time it is shown. So whatever path changed the text (the admin, a restore,
`load_content`, a script's `save()`, a queryset `update()`), the page stops
saying "Clinically reviewed by" the moment its text stops hashing to what was
signed. Any change counts: there is no typo exemption.

- `review_hash(item)`: the hash of the item's reviewed text as it is now.
- `review_is_current(item)` and `review_state(item)`: "current", "changed", "none".
- `record_review(item, by, date, source)`: the one way a review is recorded
  (the admin action and `manage.py mark_reviewed`).
- `review_revision(item)`: the history revision the reviewer signed, for the
  "changed since review" diff.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from pathways.content.format.texthash import reader_text_hash
from pathways.models import Article, Block, Page
from pathways.rendering import INCLUDE_PATTERN

CURRENT, CHANGED, NONE = "current", "changed", "none"
# The history's change reason for each way a review is recorded.
REASONS = {
    "admin": "clinical review",
    "command line": "clinical review (manage.py mark_reviewed, command line)",
}


def included_slugs(body: str) -> list[str]:
    """The blocks a body includes, in order, each once (as the renderer reads them)."""
    found: list[str] = []
    for line in body.split("\n"):
        match = INCLUDE_PATTERN.match(line)
        if match and match.group(1) not in found:
            found.append(match.group(1))
    return found


def block_hashes(slugs: Iterable[str] | None = None) -> dict[str, str]:
    """slug -> reader hash of each existing block (all of them for None), in one query."""
    from pathways.content.format.parsing import normalize_body

    rows = Block.objects.order_by("pk", "sources__position", "sources__id")
    if slugs is not None:
        wanted = list(slugs)
        if not wanted:
            return {}
        rows = rows.filter(slug__in=wanted)
    records: dict[str, dict[str, Any]] = {}
    # One row per source (a left join on the generic relation), or one for none.
    for slug, title, body, key, source_title, url in rows.values_list(
        "slug", "title", "body", "sources__key", "sources__title", "sources__url"
    ):
        record = records.setdefault(
            slug, {"title": title, "body": normalize_body(body), "sources": []}
        )
        if url is not None:
            record["sources"].append({"id": key, "title": source_title, "url": url})
    return {slug: reader_text_hash(record) for slug, record in records.items()}


def current_block_hashes() -> dict[str, str]:
    """Every block's hash, kept in the cache under the content version.

    A page view asks twice (the review line and the JSON-LD) and usually
    neither needs a query: every write that can change a block bumps the
    version, as it does for the stored pages themselves.
    """
    from django.core.cache import cache

    from pathways.content_version import content_version
    from pathways.page_cache import PAGE_TTL

    key = f"review-block-hashes:{content_version()}"
    found = cache.get(key)
    if isinstance(found, dict):
        return {str(slug): str(value) for slug, value in found.items()}
    hashes = block_hashes()
    cache.set(key, hashes, PAGE_TTL)
    return hashes


def record_hash(record: dict[str, Any], blocks: dict[str, str]) -> str:
    """The reviewed-text hash of a record (a file's or a row's), given every block's hash."""
    included = {s: blocks[s] for s in included_slugs(record.get("body") or "") if s in blocks}
    return reader_text_hash(record, included)


def review_hash(item: Page, blocks: dict[str, str] | None = None) -> str:
    """The hash of the item's reviewed text as it is now.

    Reads the item's sources (and, for an article, its stage and drugs) through
    `record_from_item`: prefetch them for a list. `blocks` may give the block
    hashes already known; otherwise the included blocks are read.
    """
    from pathways.content.sync.records import record_from_item

    record = record_from_item(item)
    if blocks is None:
        blocks = block_hashes(included_slugs(record["body"]))
    return record_hash(record, blocks)


def shown_hash(item: Page) -> str:
    """review_hash for a page being shown: the block hashes come from the cache."""
    from pathways.content.sync.records import record_from_item

    record = record_from_item(item)
    blocks = current_block_hashes() if included_slugs(record["body"]) else {}
    return record_hash(record, blocks)


def review_state(item: Page, blocks: dict[str, str] | None = None) -> str:
    """The review state: "current" (the text is what was signed), "changed" or "none"."""
    if not (item.reviewed_by and item.reviewed_on):
        return NONE
    if item.reviewed_hash:
        now = review_hash(item, blocks) if blocks is not None else shown_hash(item)
        if now == item.reviewed_hash:
            return CURRENT
    # A review without a hash can't show what it covered: never silently valid.
    return CHANGED


def review_is_current(item: Page, blocks: dict[str, str] | None = None) -> bool:
    return review_state(item, blocks) == CURRENT


def record_review(
    item: Page,
    by: str,
    date: datetime.date,
    source: str,
    review_due: datetime.date | None = None,
) -> None:
    """Record that `by` reviewed the item's text as it is now, on `date`.

    Saves a revision whose change reason says where the review came from
    ("admin" or "command line"), so history shows who signed which text.
    """
    from pathways.content_version import bump_content_version

    item.reviewed_by = by.strip()
    item.reviewed_on = date
    item.reviewed_hash = review_hash(item)
    if review_due is not None:
        item.review_due = review_due
    if item.pk:
        item.version += 1
    item._change_reason = REASONS[source]  # type: ignore[attr-defined]
    item.save()  # the save hook keeps current_hash true (the file now carries the review)
    bump_content_version()


def review_revision(item: Page) -> Any:
    """The history revision that holds the text the reviewer signed, or None.

    That is the oldest revision of the newest unbroken run that carries this
    very review (same reviewer, date and hash): the revision the review was
    recorded in, or the load that brought it in from a file. Later revisions
    in the run are edits made since.
    """
    if not item.reviewed_hash:
        return None
    signed = (item.reviewed_by, item.reviewed_on, item.reviewed_hash)
    found = None
    history = item.history.order_by("-history_date", "-history_id")  # type: ignore[attr-defined]
    for revision in history.only(
        "history_id", "history_date", "reviewed_by", "reviewed_on", "reviewed_hash"
    ).iterator():
        if (revision.reviewed_by, revision.reviewed_on, revision.reviewed_hash) != signed:
            break
        found = revision
    return found


def latest_revision(item: Page) -> Any:
    return item.history.order_by("-history_date", "-history_id").first()  # type: ignore[attr-defined]


def changed_since_review(pages: Iterable[Page]) -> list[dict[str, Any]]:
    """Pages whose review no longer matches their text, with the revisions to compare.

    Each entry: the page, the revision the reviewer signed and the latest one
    (None when the history no longer holds them), and whether a source or an
    included block changed too (the history keeps neither, so the diff can't
    show them; the dashboard says so).
    """
    from pathways.content.sync.records import record_from_item

    reviewed = [p for p in pages if p.reviewed_by and p.reviewed_on]
    slugs = {s for p in reviewed for s in included_slugs(p.body)}
    blocks = block_hashes(slugs)
    out: list[dict[str, Any]] = []
    for page in reviewed:
        if review_state(page, blocks) != CHANGED:
            continue
        signed, latest = review_revision(page), latest_revision(page)
        beyond_text = True
        if signed is not None:
            # The signed revision's text with today's sources and blocks: if that
            # hashes to the review, only the text the history keeps has changed.
            then = record_from_item(page)
            for name in ("title", "link_text", "summary", "body", "duration", "who"):
                if hasattr(signed, name):
                    then[name] = getattr(signed, name)
            for name in ("questions", "stage_notes", "also_called"):
                if hasattr(signed, name):
                    then[name] = getattr(signed, name)
            beyond_text = record_hash(then, blocks) != page.reviewed_hash
        out.append(
            {
                "page": page,
                "signed": signed,
                "latest": latest,
                "beyond_text": beyond_text,
                "no_hash": not page.reviewed_hash,
            }
        )
    return out


def stale_review_warnings(tree: Any) -> list[Any]:
    """A loader warning for each file whose clinical review no longer matches its text.

    The file still loads (exit 0) and the page says it changed since review;
    it is never silently valid. Blocks are hashed from the files being loaded,
    or from the database for a block the tree doesn't hold.
    """
    from pathways.content.format.parsing import ContentError, display_path

    pages = [
        p
        for p in tree.items
        if p.kind in {"article", "stage", "substance"} and p.record.get("clinical_review")
    ]
    if not pages:
        return []
    blocks = {
        p.slug: reader_text_hash(dict(p.record, slug=p.slug))
        for p in tree.items
        if p.kind == "block"
    }
    wanted = {s for p in pages for s in included_slugs(p.record["body"])} - set(blocks)
    blocks.update(block_hashes(wanted))
    warnings = []
    for parsed in pages:
        review = parsed.record["clinical_review"]
        line = parsed.file_line(parsed.lines.keys.get("clinical_review", 1))
        path = display_path(tree.root / parsed.path)
        date = f"{review['date']:%B} {review['date'].day}, {review['date'].year}"
        if not review.get("hash"):
            message = (
                f"clinical_review by {review['by']} on {date} has no hash, so it can't show "
                "which text was reviewed: the page says it changed since review until the "
                "review is recorded again (manage.py mark_reviewed)"
            )
        elif record_hash(dict(parsed.record, slug=parsed.slug), blocks) != review["hash"]:
            message = (
                f"the text changed since {review['by']} reviewed it on {date}: the page says "
                "so until a clinician reviews it again (manage.py mark_reviewed)"
            )
        else:
            continue
        warnings.append(ContentError(path, line, message))
    return warnings


def changed_review_pks(model: type[Page]) -> list[int]:
    """Primary keys of the model's rows whose review no longer matches their text."""
    rows = list(reviewed_rows(model))
    blocks = block_hashes({s for r in rows for s in included_slugs(r.body)})
    return [r.pk for r in rows if review_state(r, blocks) == CHANGED]


def reviewed_rows(model: type[Page]) -> Any:
    """The model's rows with a review, with what their reviewed text reads."""
    rows = (
        model._default_manager.filter(reviewed_on__isnull=False)
        .exclude(reviewed_by="")
        .prefetch_related("sources")
    )
    if issubclass(model, Article):  # record_from_item reads the stage and drugs too
        rows = rows.select_related("stage").prefetch_related("substances")
    return rows
