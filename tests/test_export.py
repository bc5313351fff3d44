"""export_content is three-way (issue 15, defect 4)."""

from __future__ import annotations

import filecmp
from pathlib import Path

from pathways.content.sync.export import export_content
from pathways.models import Article, GlossaryTerm
from tests.factories import load, run_command


def edit_in_admin(current: str, **changes: str) -> None:
    article = Article.objects.get(slug=current)
    for name, value in changes.items():
        setattr(article, name, value)
    article.save()


def edit_file(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def same_tree(a: Path, b: Path) -> bool:
    files_a = sorted(str(p.relative_to(a)) for p in a.rglob("*") if p.is_file())
    files_b = sorted(str(p.relative_to(b)) for p in b.rglob("*") if p.is_file())
    return files_a == files_b and all(
        filecmp.cmp(a / rel, b / rel, shallow=False) for rel in files_a
    )


def test_export_into_an_empty_folder_reproduces_the_tree(small_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "export"
    report = export_content(out)
    assert report.refused == [] and report.kept == []
    assert same_tree(small_site, out)


def test_a_file_changed_on_its_own_is_kept_not_overwritten(small_site: Path) -> None:
    edit_file(small_site, "articles/staying-safe.md", "Stay safe.", "Stay safe, edited by hand.")
    report = export_content(small_site)
    assert report.kept == ["articles/staying-safe.md"] and report.written == []
    assert "edited by hand" in (small_site / "articles/staying-safe.md").read_text()


def test_a_file_changed_on_both_sides_is_refused_and_named(small_site: Path) -> None:
    edit_file(small_site, "articles/staying-safe.md", "Stay safe.", "Stay safe, edited by hand.")
    edit_in_admin("staying-safe", body="Edited in the admin.\n")
    edit_in_admin("medicine-basics", summary="Changed in the admin.")
    report = export_content(small_site)
    assert report.refused == ["articles/staying-safe.md"]
    assert "edited by hand" in (small_site / "articles/staying-safe.md").read_text()
    # The rest is written.
    assert report.written == ["articles/medicine-basics.md"]
    assert "Changed in the admin." in (small_site / "articles/medicine-basics.md").read_text()


def test_force_writes_over_a_file_changed_on_both_sides(small_site: Path) -> None:
    edit_file(small_site, "articles/staying-safe.md", "Stay safe.", "Stay safe, edited by hand.")
    edit_in_admin("staying-safe", body="Edited in the admin.\n")
    report = export_content(small_site, force=True)
    assert report.written == ["articles/staying-safe.md"]
    assert report.forced == ["articles/staying-safe.md"]
    assert (small_site / "articles/staying-safe.md").read_text().endswith("Edited in the admin.\n")


def test_the_command_prints_every_file_and_fails_on_refusals(small_site: Path) -> None:
    edit_file(small_site, "articles/staying-safe.md", "Stay safe.", "Stay safe, edited by hand.")
    edit_in_admin("staying-safe", body="Edited in the admin.\n")
    edit_in_admin("medicine-basics", summary="Changed in the admin.")
    edit_file(small_site, "stages/02-next-steps.md", "What happens next.", "Hand edit.")
    code, out, err = run_command("export_content", str(small_site))
    assert code == 2
    assert "wrote articles/medicine-basics.md" in out
    assert "kept stages/02-next-steps.md" in out
    assert "refused articles/staying-safe.md" in err
    assert "CommandError" in err and "--force" in err
    code, out, err = run_command("export_content", str(small_site), "--force")
    assert code == 0 and "wrote articles/staying-safe.md (forced" in out


def test_a_renamed_items_old_file_is_removed_and_printed(small_site: Path) -> None:
    edit_in_admin("staying-safe", slug="staying-safer", source_path="articles/staying-safer.md")
    code, out, _err = run_command("export_content", str(small_site))
    assert code == 0
    assert "removed articles/staying-safe.md" in out
    assert "wrote articles/staying-safer.md" in out
    assert not (small_site / "articles/staying-safe.md").exists()


def test_a_renamed_items_changed_old_file_is_refused(small_site: Path) -> None:
    edit_file(small_site, "articles/staying-safe.md", "Stay safe.", "Stay safe, edited by hand.")
    edit_in_admin("staying-safe", slug="staying-safer", source_path="articles/staying-safer.md")
    report = export_content(small_site)
    assert report.refused == ["articles/staying-safe.md"]
    assert (small_site / "articles/staying-safe.md").exists()


def test_a_deleted_items_file_is_removed_unless_it_changed(small_site: Path) -> None:
    Article.objects.get(slug="draft-notes").delete()
    report = export_content(small_site)
    assert report.removed == ["articles/draft-notes.md"]
    assert not (small_site / "articles/draft-notes.md").exists()
    # Loading again does not bring it back.
    assert not load(small_site).created


def test_a_deleted_items_changed_file_is_refused(small_site: Path) -> None:
    edit_file(small_site, "articles/draft-notes.md", "Work in progress", "Still in progress")
    Article.objects.get(slug="draft-notes").delete()
    report = export_content(small_site)
    assert report.refused == ["articles/draft-notes.md"]
    assert (small_site / "articles/draft-notes.md").exists()


def test_glossary_is_three_way_too(small_site: Path) -> None:
    edit_file(small_site, "glossary.yml", "to get the same effect", "to feel the same effect")
    assert export_content(small_site).kept == ["glossary.yml"]
    term = GlossaryTerm.objects.get(slug="tolerance")
    term.title = "Drug tolerance"
    term.save()
    assert export_content(small_site).refused == ["glossary.yml"]
    assert "feel the same" in (small_site / "glossary.yml").read_text()


def test_a_deleted_term_leaves_the_glossary(small_site: Path) -> None:
    GlossaryTerm.objects.get(slug="tolerance").delete()
    report = export_content(small_site)
    assert report.written == ["glossary.yml"] and report.refused == []
    assert "tolerance" not in (small_site / "glossary.yml").read_text()
    assert export_content(small_site).unchanged.count("glossary.yml") == 1
