"""The three-way sync of DESIGN.md, --force, --prune, and the export round trip."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from pathways.content.sync.export import export_content
from pathways.models import Article, GlossaryTerm, Link, Stage, Status
from tests.factories import load, run_command, write_spanish_article


def edit_in_admin(slug: str, body: str) -> None:
    """What an admin save does (the admin itself is tested in test_admin.py)."""
    article = Article.objects.get(slug=slug)
    article.body = body
    article.save()


def edit_file(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def loaded(db: None, content_tree: Path) -> Path:
    report = load(content_tree)
    assert report.errors == [] and len(report.created) == 8
    return content_tree


def test_unchanged_file_and_database_are_unchanged(loaded: Path) -> None:
    report = load(loaded)
    assert len(report.unchanged) == 8
    assert report.exit_code == 0


def test_changed_file_updates_the_database(loaded: Path) -> None:
    edit_file(loaded, "articles/staying-safe.md", "Stay safe.", "Stay safer.")
    report = load(loaded)
    assert report.updated == ["articles/staying-safe.md"]
    assert Article.objects.get(slug="staying-safe").body.startswith("Stay safer.")


def test_admin_edit_is_kept_and_reported(loaded: Path) -> None:
    edit_in_admin("staying-safe", "Edited in the admin.\n")
    report = load(loaded)
    assert report.kept == ["articles/staying-safe.md"]
    assert Article.objects.get(slug="staying-safe").body == "Edited in the admin.\n"
    assert report.exit_code == 0


def test_same_change_in_file_and_database_is_in_sync(loaded: Path) -> None:
    from django.utils import timezone

    edit_file(loaded, "articles/staying-safe.md", "Stay safe.", "Both changed.")
    # An admin edit of the text dates it today (tests/test_reviews.py); so does the file.
    today = timezone.localdate().isoformat()
    edit_file(loaded, "articles/staying-safe.md", "updated: 2026-11-01", f"updated: {today}")
    article = Article.objects.get(slug="staying-safe")
    edit_in_admin("staying-safe", article.body.replace("Stay safe.", "Both changed."))
    report = load(loaded)
    assert report.in_sync == ["articles/staying-safe.md"]
    assert load(loaded).unchanged.count("articles/staying-safe.md") == 1


def test_different_changes_are_a_conflict_left_alone(loaded: Path) -> None:
    edit_file(loaded, "articles/staying-safe.md", "Stay safe.", "File version.")
    edit_file(loaded, "articles/medicine-basics.md", "Medicine helps.", "Medicine helps a lot.")
    edit_in_admin("staying-safe", "Admin version.\n")
    report = load(loaded)
    assert report.conflicts == ["articles/staying-safe.md"]
    assert report.updated == ["articles/medicine-basics.md"]  # the rest is applied
    assert report.exit_code == 2
    assert Article.objects.get(slug="staying-safe").body == "Admin version.\n"


def test_conflict_exits_2_from_the_command(loaded: Path) -> None:
    edit_file(loaded, "articles/staying-safe.md", "Stay safe.", "File version.")
    edit_in_admin("staying-safe", "Admin version.\n")
    code, _out, err = run_command("load_content", str(loaded))
    assert code == 2
    assert "conflict" in err and "articles/staying-safe.md" in err


def test_force_takes_the_file_and_keeps_the_admin_text_in_history(loaded: Path) -> None:
    edit_file(loaded, "articles/staying-safe.md", "Stay safe.", "File version.")
    edit_in_admin("staying-safe", "Admin version.\n")
    report = load(loaded, force=True)
    assert report.exit_code == 0
    article = Article.objects.get(slug="staying-safe")
    assert article.body.startswith("File version.")
    bodies = [h.body for h in article.history.all()]
    assert "Admin version.\n" in bodies
    assert article.history.first().history_change_reason == "load_content --force"


def test_prune_unpublishes_items_whose_files_are_gone(loaded: Path) -> None:
    (loaded / "articles" / "staying-safe.md").unlink()
    edit_file(loaded, "articles/medicine-basics.md", "[[staying-safe|how to stay safe]]", "")
    assert load(loaded).removed == []  # without --prune nothing is unpublished
    report = load(loaded, prune=True)
    assert report.removed == ["articles/staying-safe.md"]
    article = Article.objects.get(slug="staying-safe")  # never deleted
    assert article.status == Status.DRAFT


def test_dry_run_writes_nothing(loaded: Path) -> None:
    edit_file(loaded, "articles/staying-safe.md", "Stay safe.", "Dry.")
    report = load(loaded, dry_run=True)
    assert report.updated == ["articles/staying-safe.md"]
    assert Article.objects.get(slug="staying-safe").body.startswith("Stay safe.")


def test_loading_stores_html_links_and_sources(loaded: Path) -> None:
    article = Article.objects.get(slug="medicine-basics")
    assert '<a href="/articles/staying-safe/"' in article.body_html
    assert 'href="#how-it-works"' in article.toc_html
    assert article.stage == Stage.objects.get(slug="first-steps")
    assert [s.publisher for s in article.sources.all()] == ["NIDA", "SAMHSA"]
    assert set(
        Link.objects.filter(source_slug="medicine-basics").values_list("target_slug", flat=True)
    ) == {"staying-safe", "tolerance"}
    safe = Article.objects.get(slug="staying-safe")
    assert "Not yet public: draft notes" in safe.body_html  # draft target: plain text


def test_publishing_a_target_rerenders_the_items_that_link_to_it(loaded: Path) -> None:
    edit_file(loaded, "articles/draft-notes.md", "status: draft", "status: published")
    load(loaded)
    assert 'href="/articles/draft-notes/"' in Article.objects.get(slug="staying-safe").body_html


def test_glossary_term_change_rerenders_linkers(loaded: Path) -> None:
    edit_file(loaded, "glossary.yml", "term: Tolerance", "term: Drug tolerance")
    load(loaded)
    assert GlossaryTerm.objects.get(slug="tolerance").title == "Drug tolerance"
    assert ">drug tolerance</a>" in Article.objects.get(slug="medicine-basics").body_html


def test_export_reproduces_the_fixture_tree_byte_for_byte(loaded: Path, tmp_path: Path) -> None:
    out = tmp_path / "export"
    export_content(out)
    assert_same_tree(loaded, out)


def test_export_writes_an_admin_edit_back_to_its_file(loaded: Path) -> None:
    edit_in_admin("staying-safe", "Edited in the admin.\n")
    report = export_content(loaded)
    assert report.written == ["articles/staying-safe.md"]
    assert (loaded / "articles/staying-safe.md").read_text().endswith("\n\nEdited in the admin.\n")
    assert load(loaded).in_sync == ["articles/staying-safe.md"]


def test_export_round_trip_through_a_fresh_database(loaded: Path, tmp_path: Path) -> None:
    # Every kind of file content/ has: a shared block a page includes, and a translation.
    (loaded / "blocks").mkdir()
    (loaded / "blocks" / "shared-steps.md").write_text(
        "---\ntitle: Shared steps\nupdated: 2026-11-01\nstatus: published\n---\n\nCall 911.\n",
        encoding="utf-8",
    )
    edit_file(
        loaded, "articles/staying-safe.md", "Stay safe.", "Stay safe.\n\n{{include shared-steps}}"
    )
    assert load(loaded).errors == []
    write_spanish_article(loaded, "staying-safe", "mantenerse-seguro", "Mantenerse seguro")
    assert load(loaded).errors == []
    first = tmp_path / "first"
    export_content(first)
    assert (first / "blocks/shared-steps.md").exists()
    assert (first / "es/articles/mantenerse-seguro.md").exists()
    from tests.factories import clear_content

    clear_content()
    assert load(first).errors == []
    second = tmp_path / "second"
    export_content(second)
    assert_same_tree(first, second)


def assert_same_tree(a: Path, b: Path, ignore: set[str] | None = None) -> None:
    ignore = ignore or set()
    files_a = sorted(str(p.relative_to(a)) for p in a.rglob("*") if p.is_file())
    files_b = sorted(str(p.relative_to(b)) for p in b.rglob("*") if p.is_file())
    assert [f for f in files_a if f not in ignore] == files_b
    for rel in files_b:
        assert filecmp.cmp(a / rel, b / rel, shallow=False), rel
