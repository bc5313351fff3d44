"""Deleting an item withdraws it, whichever way it is deleted (issue 15, defect 1)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from pathways.content_version import content_version
from pathways.models import Article, GlossaryTerm, Link, Redirect, SearchEntry
from tests.factories import load, write_spanish_article


def edit_file(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def loaded(db: None, content_tree: Path) -> Path:
    # A bare link prints the target's title, so its search text shows whether
    # the linker was indexed again after the target went.
    edit_file(
        content_tree,
        "articles/medicine-basics.md",
        "[[staying-safe|how to stay safe]]",
        "[[staying-safe]]",
    )
    report = load(content_tree)
    assert report.errors == []
    return content_tree


def delete_with_model(slug: str) -> None:
    Article.objects.get(slug=slug).delete()


def delete_with_queryset(slug: str) -> None:
    Article.objects.filter(slug=slug).delete()


def delete_in_admin(slug: str) -> None:
    admin = User.objects.create_superuser("boss", password="a long passphrase")
    client = Client()
    client.force_login(admin)
    pk = Article.objects.get(slug=slug).pk
    response = client.post(f"/admin/pathways/article/{pk}/delete/", {"post": "yes"})
    assert response.status_code == 302


@pytest.mark.parametrize("delete", [delete_with_model, delete_with_queryset, delete_in_admin])
def test_deleting_an_item_withdraws_it(loaded: Path, delete: Callable[[str], None]) -> None:
    linker = Article.objects.get(slug="medicine-basics")
    assert 'href="/articles/staying-safe/"' in linker.body_html
    assert "staying safe" in SearchEntry.objects.get(slug="medicine-basics").body.lower()
    Redirect.objects.create(kind="article", old_slug="safety", new_slug="staying-safe")
    version = content_version()

    delete("staying-safe")

    assert not SearchEntry.objects.filter(kind="article", slug="staying-safe").exists()
    assert not Link.objects.filter(source_slug="staying-safe").exists()
    assert not Link.objects.filter(target_slug="staying-safe").exists()
    assert not Redirect.objects.filter(new_slug="staying-safe").exists()
    linker.refresh_from_db()
    assert "/articles/staying-safe/" not in linker.body_html
    assert linker.broken_links == ["staying-safe"]
    # The linker was indexed again: its text no longer carries the link's title.
    indexed = SearchEntry.objects.get(slug="medicine-basics").body
    assert "staying safe" not in indexed.lower() and "staying-safe" in indexed
    assert content_version() != version


def test_deleting_a_glossary_term_rerenders_its_linkers(loaded: Path) -> None:
    GlossaryTerm.objects.get(slug="tolerance").delete()
    assert not SearchEntry.objects.filter(kind="term", slug="tolerance").exists()
    linker = Article.objects.get(slug="medicine-basics")
    assert "glossary-link" not in linker.body_html
    assert "tolerance" in linker.broken_links


def test_deleted_page_answers_404_and_linkers_show_no_link(loaded: Path, client: Client) -> None:
    Article.objects.get(slug="staying-safe").delete()
    assert client.get("/articles/staying-safe/").status_code == 404
    html = client.get("/articles/medicine-basics/").content.decode()
    assert 'href="/articles/staying-safe/"' not in html


def test_deleting_an_english_item_withdraws_its_translations(loaded: Path) -> None:
    """The Spanish page goes with the English one: drafted, and out of Spanish search."""
    from pathways.models import TranslatedSearchEntry, Translation

    # A current translation of staying-safe, loaded from its file as a real one is.
    write_spanish_article(loaded, "staying-safe", "mantenerse-seguro", "Mantenerse seguro")
    assert load(loaded).errors == []
    translation = Translation.objects.get(kind="article", english_slug="staying-safe")
    assert translation.status == "published"
    assert TranslatedSearchEntry.objects.filter(english_slug=translation.english_slug).exists()
    Article.objects.get(slug=translation.english_slug).delete()
    translation.refresh_from_db()
    assert translation.status == "draft"
    assert not TranslatedSearchEntry.objects.filter(english_slug=translation.english_slug).exists()
