"""Every validation error names the file and line, and a failed load writes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.factories import dump_database, load, run_command

MALFORMED = FIXTURES / "malformed"

# (fixture file, where it goes in the tree, expected line, expected message)
CASES = [
    ("bad-yaml.md", "articles/bad-yaml.md", 4, "invalid YAML: "),
    (
        "colon-in-title.md",
        "articles/colon-in-title.md",
        2,
        "invalid YAML: mapping values are not allowed",
    ),
    (
        "object-tag.md",
        "articles/object-tag.md",
        3,
        "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
    ),
    ("missing-field.md", "articles/missing-field.md", 2, "missing required field 'summary'"),
    ("unknown-field.md", "articles/unknown-field.md", 6, "unknown field 'colour'"),
    ("wrong-type.md", "articles/wrong-type.md", 5, "'featured' must be true or false"),
    ("bad-date.md", "articles/bad-date.md", 5, "'updated' must be a date like 2026-11-20"),
    ("unknown-stage.md", "articles/unknown-stage.md", 5, "unknown stage 'stage-nine'"),
    ("unknown-substance.md", "articles/unknown-substance.md", 7, "unknown substance 'moonshine'"),
    (
        "first-steps.md",
        "articles/first-steps.md",
        1,
        "slug clash 'first-steps': also used by stages/01-first-steps.md",
    ),
    (
        "Bad_Slug.md",
        "articles/Bad_Slug.md",
        1,
        "bad slug 'Bad_Slug': use lowercase letters, digits and hyphens",
    ),
    ("unknown-link.md", "articles/unknown-link.md", 11, "unknown link target [[nowhere-at-all]]"),
    ("not-utf8.md", "articles/not-utf8.md", 8, "file is not valid UTF-8"),
    ("empty-body.md", "articles/empty-body.md", 8, "body is empty"),
    (
        "foreign-source.md",
        "articles/foreign-source.md",
        10,
        "source https://best-rehab.example.com/call-now is not on an allowed domain "
        "(content/sources.yml)",
    ),
    ("duplicate-key.md", "articles/duplicate-key.md", 4, "duplicate key 'title' (first on line 1)"),
    ("alias-bomb.md", "articles/alias-bomb.md", 2, "YAML anchors and aliases are not allowed"),
    (
        "no-front-matter.md",
        "articles/no-front-matter.md",
        1,
        "file must start with front matter between '---' lines",
    ),
    (
        "glossary-duplicate.yml",
        "glossary.yml",
        4,
        "duplicate slug 'tolerance': also used by glossary.yml",
    ),
]


@pytest.mark.parametrize(("name", "dest", "line", "message"), CASES, ids=[c[0] for c in CASES])
def test_loader_reports_path_and_line_and_changes_nothing(
    db: None, content_tree: Path, name: str, dest: str, line: int, message: str
) -> None:
    assert load(content_tree).exit_code == 0
    before = dump_database()
    shutil.copyfile(MALFORMED / name, content_tree / dest)

    report = load(content_tree)

    # YAML's own wording differs between LibYAML and pure-Python PyYAML, so the
    # expected text is a prefix; the path and line are exact.
    assert len(report.errors) == 1
    assert str(report.errors[0]).startswith(f"{content_tree / dest}:{line}: {message}")
    if name == "colon-in-title.md":
        assert str(report.errors[0]).endswith("(put quotes around a value that contains ': ')")
    assert report.exit_code == 1
    assert dump_database() == before


def test_loader_refuses_a_file_over_one_megabyte(db: None, content_tree: Path) -> None:
    big = content_tree / "articles" / "huge.md"
    big.write_text("---\ntitle: x\n---\n\n" + "word " * 210_000, encoding="utf-8")
    report = load(content_tree)
    assert [str(e) for e in report.errors] == [f"{big}:1: file is larger than 1 MB"]


def test_loader_refuses_deep_nesting(db: None, content_tree: Path) -> None:
    path = content_tree / "articles" / "deep.md"
    nested = "[" * 30 + "]" * 30
    path.write_text(
        f"---\ntitle: x\nsummary: y\nalso_called: {nested}\nupdated: 2026-11-01\n"
        "status: published\n---\n\nBody.\n",
        encoding="utf-8",
    )
    report = load(content_tree)
    assert [str(e) for e in report.errors] == [f"{path}:4: YAML nested more than 10 levels deep"]


def test_loader_reports_every_error_at_once(db: None, content_tree: Path) -> None:
    for name in ("unknown-stage.md", "unknown-link.md", "wrong-type.md"):
        shutil.copyfile(MALFORMED / name, content_tree / "articles" / name)
    assert len(load(content_tree).errors) == 3


def test_load_command_prints_errors_and_exits_1(db: None, content_tree: Path) -> None:
    shutil.copyfile(MALFORMED / "unknown-stage.md", content_tree / "articles" / "x.md")
    code, _out, err = run_command("load_content", str(content_tree))
    assert code == 1
    assert f"{content_tree / 'articles/x.md'}:5: unknown stage 'stage-nine'" in err
    assert "nothing was loaded" in err


def test_loader_accepts_a_byte_order_mark_and_windows_line_ends(
    db: None, content_tree: Path
) -> None:
    path = content_tree / "articles" / "staying-safe.md"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    report = load(content_tree)
    assert report.errors == []
    from pathways.models import Article

    assert Article.objects.get(slug="staying-safe").body.startswith("Stay safe.")


SPANISH_ARTICLE = """---
title: Mantenerse seguro
summary: Formas de mantenerse seguro.
translation_of: staying-safe
source_hash: {hash}
translated: 2026-12-01
updated: 2026-12-01
status: published
---

Cuídese. Vea [[medicine-basics|lo básico]].
{sentence}
"""


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("Es un adicto.", "adicto"),
        ("Un drogadicto no es una persona.", "drogadicto"),
        ("Lleva un año limpio.", "año limpio"),
        ("Lo llamaban yonqui.", "yonqui"),
    ],
)
def test_a_spanish_label_for_a_person_stops_the_load_at_its_line(
    db: None, content_tree: Path, sentence: str, word: str
) -> None:
    path = content_tree / "es" / "articles" / "mantenerse-seguro.md"
    path.parent.mkdir(parents=True)
    path.write_text(SPANISH_ARTICLE.format(hash="a" * 64, sentence=sentence), encoding="utf-8")
    errors = [str(e) for e in load(content_tree).errors]
    assert len(errors) == 1 and errors[0].startswith(f"{path}:12: "), errors
    assert "labels a person" in errors[0] and word in errors[0].lower()


def test_a_quoted_spanish_label_is_a_mention(db: None, content_tree: Path) -> None:
    path = content_tree / "es" / "articles" / "mantenerse-seguro.md"
    path.parent.mkdir(parents=True)
    sentence = 'No diga "adicto" ni "yonqui".'
    path.write_text(SPANISH_ARTICLE.format(hash="a" * 64, sentence=sentence), encoding="utf-8")
    report = load(content_tree)
    assert report.errors == []
    assert any("translation out of date" in str(w) for w in report.warnings)


def test_a_link_in_a_code_span_is_text_to_the_loader_as_to_the_renderer(
    db: None, content_tree: Path
) -> None:
    """The renderer is the one reader of [[links]]: what it prints literally, the loader
    does not check (issue 15, defect 7)."""
    path = content_tree / "articles" / "staying-safe.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\nWrite a link as `[[some-slug]]`.\n", encoding="utf-8")
    report = load(content_tree)
    assert report.errors == []
    from pathways.models import Article

    assert "<code>[[some-slug]]</code>" in Article.objects.get(slug="staying-safe").body_html


def test_an_unknown_link_outside_code_is_still_refused_at_its_line(
    db: None, content_tree: Path
) -> None:
    path = content_tree / "articles" / "staying-safe.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join([*lines, "`[[fine]]` but [[staying-saf]] is not."]), encoding="utf-8")
    report = load(content_tree)
    assert [str(e).split("/content/")[-1] for e in report.errors] == [
        f"articles/staying-safe.md:{len(lines) + 1}: unknown link target [[staying-saf]] "
        "(did you mean [[staying-safe]]?)"
    ]
