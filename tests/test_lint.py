"""The medical-safety lint's engine (issue 16, part 4): file lines, exceptions, the
command, the two page readers, the loader, and the real corpus.

The rules themselves are tested in test_lint_rules.py, the admin in test_lint_admin.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from pathways.content.format.tree import parse_tree
from pathways.lint import lint_key, lint_page, lint_path, segments_from_file, segments_from_item
from pathways.lint.rules import fingerprinted_files
from pathways.models import Article
from tests.factories import load, run_command


def write(root: Path, rel: str, text: str) -> Path:
    """A content file under root, its folders made as needed."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_line_numbers_are_the_files_own(tmp_path: Path) -> None:
    text = "---\ntitle: X\nsummary: Y\n---\n\nFirst.\n\nTake 8 mg daily.\n"
    path = write(tmp_path, "articles/x.md", text)
    pages, problems = segments_from_file(path, "articles/x.md")
    assert problems == []
    [finding] = lint_page(pages[0])
    assert (finding.line, finding.rule, finding.severity) == (8, "dose", "error")
    assert str(finding).startswith("articles/x.md:8: dose: an amount of a medicine ('8 mg')")


def test_summary_findings_point_at_the_front_matter_line(tmp_path: Path) -> None:
    text = "---\ntitle: X\nsummary: MAT works for addicts.\n---\n\nBody.\n"
    path = write(tmp_path, "articles/x.md", text)
    pages, _ = segments_from_file(path, "x.md")
    assert {(f.line, f.rule) for f in lint_page(pages[0])} == {
        (3, "treatment-wording"),
        (3, "stigma"),
    }


def test_exceptions_silence_a_rule_and_are_checked(tmp_path: Path) -> None:
    head = "---\ntitle: X\nlint_exceptions:\n- rule: {rule}\n  reason: {reason}\n---\n\n"
    quoting = head.format(rule="stigma", reason="It quotes.")
    path = write(tmp_path, "articles/x.md", quoting + "An addict.\n")
    assert lint_page(segments_from_file(path, "x.md")[0][0]) == []
    path.write_text(quoting + "Plain text.\n")
    [unused] = lint_page(segments_from_file(path, "x.md")[0][0])
    assert (unused.rule, unused.severity, unused.line) == ("lint-exceptions", "warning", 4)
    path.write_text(head.format(rule="no-such-rule", reason="x") + "Plain text.\n")
    [unknown] = lint_page(segments_from_file(path, "x.md")[0][0])
    assert (unknown.rule, unknown.severity) == ("lint-exceptions", "error")


# --- the command


def test_lint_content_prints_path_line_rule_message_and_exits_1_on_errors(
    tmp_path: Path,
) -> None:
    root = tmp_path / "content"
    write(root, "articles/a.md", "---\ntitle: A\n---\n\nTake 8 mg.\n")
    code, out, _err = run_command("lint_content", str(root))
    assert code == 1
    assert out.splitlines()[0].endswith(
        "articles/a.md:5: dose: an amount of a medicine "
        "('8 mg'): say what the clinician decides instead of a dose"
    )


def test_lint_content_exits_0_with_only_warnings_and_reads_spanish_files(
    tmp_path: Path,
) -> None:
    root = tmp_path / "content"
    write(root, "articles/a.md", "---\ntitle: A\n---\n\nMAT helps 40% of people.\n")
    code, out, _ = run_command("lint_content", str(root))
    assert code == 0
    assert "a.md:5: treatment-wording:" in out and out.count("(warning)") == 2
    write(root, "es/articles/b.md", "---\ntitle: B\n---\n\nUn adicto.\n")
    code, out, _ = run_command("lint_content", str(root))
    assert code == 1
    assert "es/articles/b.md:5: stigma-es:" in out


def test_the_english_corpus_has_no_findings_and_both_readers_agree() -> None:
    root = Path(settings.CONTENT_DIR)
    english = [f for f in lint_path(root) if "/es/" not in "/" + f.path]
    assert [str(f) for f in english] == []
    tree = parse_tree(root)
    for item in tree.items:
        from_item = lint_page(segments_from_item(item))
        assert from_item == [], item.path


def test_file_and_loader_readers_give_the_same_lines(content_tree: Path) -> None:
    path = content_tree / "articles" / "staying-safe.md"
    path.write_text(path.read_text() + "\nTake 8 mg.\n\nCall 1-888-555-0100.\n")
    tree = parse_tree(content_tree)
    [item] = [i for i in tree.items if i.path == "articles/staying-safe.md"]
    by_item = [(f.line, f.rule) for f in lint_page(segments_from_item(item))]
    pages, _ = segments_from_file(path, "articles/staying-safe.md")
    assert by_item == [(f.line, f.rule) for f in lint_page(pages[0])]
    assert {rule for _, rule in by_item} == {"dose", "phone-number"}


# --- the loader


@pytest.mark.django_db
def test_loader_stops_on_lint_errors_with_path_and_line(db: None, content_tree: Path) -> None:
    path = content_tree / "articles" / "staying-safe.md"
    text = path.read_text()
    path.write_text(text + "\nTake two strips a day.\n")
    line = len((text + "\nTake two strips a day.\n").split("\n")) - 1
    report = load(content_tree)
    assert report.exit_code == 1
    assert any(
        str(e).endswith(
            f"articles/staying-safe.md:{line}: dose: a dose per day ('two strips "
            "a day'): say what the clinician decides instead of a dose"
        )
        for e in report.errors
    ), [str(e) for e in report.errors]
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_loader_reports_warnings_and_stores_findings_and_exceptions(
    db: None, content_tree: Path
) -> None:
    path = content_tree / "articles" / "staying-safe.md"
    text = path.read_text().replace(
        "\nstatus:",
        "\nlint_exceptions:\n- rule: stigma\n  reason: It quotes the words.\nstatus:",
        1,
    )
    path.write_text(text + "\nMAT is an older name.\n")
    report = load(content_tree)
    assert report.errors == []
    assert any("treatment-wording" in str(w) for w in report.warnings)
    article = Article.objects.get(slug="staying-safe")
    assert {f["rule"] for f in article.lint_findings} == {"treatment-wording", "lint-exceptions"}
    assert article.lint_exceptions == [{"rule": "stigma", "reason": "It quotes the words."}]


def test_the_lint_key_follows_the_file_the_rules_and_every_lint_module() -> None:
    assert lint_key("") == ""
    assert lint_key("a") == lint_key("a") != lint_key("b")
    # A changed pattern in any check module lints every file again.
    names = {p.relative_to(Path(settings.BASE_DIR)).as_posix() for p in fingerprinted_files()}
    assert {"pathways/lint/rules.yml", "pathways/lint/checks/medicines.py"} <= names
