"""Writes outside the admin and the loader keep the sync honest (issue 15, defect 2)."""

from __future__ import annotations

from pathlib import Path

from pathways.content.format.canonical import content_hash
from pathways.content.sync.records import record_from_item
from pathways.models import Article, GlossaryTerm, Stage
from tests.factories import load


def test_orm_save_is_reported_kept_by_the_next_load(small_site: Path) -> None:
    article = Article.objects.get(slug="staying-safe")
    article.body = "Edited from a shell.\n"
    article.save()
    report = load(small_site)
    assert report.kept == ["articles/staying-safe.md"]
    assert "articles/staying-safe.md" not in report.unchanged
    assert Article.objects.get(slug="staying-safe").body == "Edited from a shell.\n"


def test_orm_save_of_a_term_and_a_stage_is_kept(small_site: Path) -> None:
    term = GlossaryTerm.objects.get(slug="tolerance")
    term.title = "Drug tolerance"
    term.save()
    stage = Stage.objects.get(slug="first-steps")
    stage.summary = "Changed from a script."
    stage.save()
    report = load(small_site)
    assert "glossary.yml (tolerance)" in report.kept
    assert "stages/01-first-steps.md" in report.kept


def test_orm_save_keeps_current_hash_true(small_site: Path) -> None:
    article = Article.objects.get(slug="medicine-basics")
    article.summary = "Another summary."
    article.save()
    row = Article.objects.get(pk=article.pk)
    assert row.current_hash == content_hash("article", record_from_item(row))
    assert row.current_hash != row.baseline_hash


def test_a_save_that_changes_nothing_stays_unchanged(small_site: Path) -> None:
    Article.objects.get(slug="staying-safe").save()
    assert "articles/staying-safe.md" in load(small_site).unchanged


def test_the_loaders_own_writes_stay_unchanged_on_the_next_load(small_site: Path) -> None:
    """The loader sets the hash itself (then the relations); the hook trusts it."""
    path = small_site / "articles/medicine-basics.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("substances:\n- example-opioid\n", ""), encoding="utf-8")
    assert load(small_site).updated == ["articles/medicine-basics.md"]
    assert "articles/medicine-basics.md" in load(small_site).unchanged
