"""The kinds table is the one place per-kind facts live, and the file format needs no Django."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from pathways import models
from pathways.content.format import translated
from pathways.kinds import KINDS, LOAD_ORDER, UNLINKABLE

ROOT = Path(settings.BASE_DIR)


def test_every_model_has_a_kind_and_every_kind_a_model() -> None:
    assert set(KINDS) == set(models.ITEM_MODELS)
    for kind, model in models.ITEM_MODELS.items():
        assert model.kind == kind


def test_the_table_says_what_the_models_do() -> None:
    assert frozenset({"crisis", "block"}) == UNLINKABLE
    for kind, spec in KINDS.items():
        assert spec.has_page == issubclass(models.ITEM_MODELS[kind], models.Page), kind
        if spec.address == "slug":
            expected = reverse(spec.route, args=["x"])
        else:
            expected = reverse(spec.route) + ("#x" if spec.address == "fragment" else "")
        assert models.url_for(kind, "x") == expected, kind


def test_blocks_load_first_and_the_crisis_box_last() -> None:
    assert LOAD_ORDER == ["block", "stage", "substance", "term", "article", "crisis"]


def test_file_paths_follow_the_table() -> None:
    assert KINDS["stage"].file_path("getting-help", 2) == "stages/02-getting-help.md"
    assert KINDS["stage"].file_name.match("02-getting-help.md")
    assert not KINDS["stage"].file_name.match("getting-help.md")
    assert KINDS["article"].file_path("naloxone") == "articles/naloxone.md"
    assert KINDS["term"].listed and KINDS["crisis"].single
    assert translated.translation_path("es", "block", "x", "overdose-steps", 0) == (
        "es/blocks/overdose-steps.md"
    )


def test_the_translated_languages_are_the_sites() -> None:
    # content/ has a folder for each language a Translation row may be in.
    assert tuple(code for code, _ in models.TRANSLATION_LANGUAGES) == translated.LANGUAGES


@pytest.mark.parametrize(
    "module",
    [
        "pathways.kinds",
        "pathways.content.format.tree",
        "pathways.content.format.canonical",
        "pathways.content.format.translation_checks",
    ],
)
def test_the_file_format_reads_a_tree_without_django(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "from pathways.content.format.tree import parse_tree\n"
        "from pathways.content.format.checks import check_tree\n"
        "tree = parse_tree(__import__('pathlib').Path('tests/content/valid'))\n"
        "check_tree(tree, {})\n"
        "assert not tree.errors, tree.errors\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'django')\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_the_synthetic_corpus_is_valid_content(tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    subprocess.run(
        [sys.executable, "tests/bench/synthetic.py", "3", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    from pathways.content.format.checks import check_tree
    from pathways.content.format.tree import parse_tree

    tree = parse_tree(out)
    check_tree(tree, {})
    assert tree.errors == []
    assert {i.slug for i in tree.items} >= {"synthetic-00000", "synthetic-00002"}
