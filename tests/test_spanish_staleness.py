"""Out-of-date translations (translation_staleness): an English change marks the
Spanish page, the loader reports it, the overdose steps never go out of date
alone, and the admin shows a translation beside its English."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.forms import modelform_factory
from django.test import Client

from pathways.admin.translations import STEPS_REFUSAL, BlockForm
from pathways.content.sync.load import load_content
from pathways.models import Article, Block, Translation
from pathways.translation_staleness import english_hash, stale_translations
from tests.spanish_helpers import ARTICLE, STEPS, spanish

pytest_plugins = ["tests.spanish_helpers"]  # spanish_site
pytestmark = pytest.mark.usefixtures("spanish_site")


def test_an_english_change_in_the_admin_marks_the_spanish_page_out_of_date() -> None:
    tr = spanish("article", ARTICLE)
    article = Article.objects.get(slug=ARTICLE)
    Translation.objects.filter(pk=tr.pk).update(source_hash=english_hash(article))
    before = Client().get(f"/es/articulos/{tr.slug}/").content.decode()
    assert "La página en inglés cambió" not in before
    article.body += "\nA new sentence in English.\n"
    article.save()
    html = Client().get(f"/es/articulos/{tr.slug}/").content.decode()
    assert "La página en inglés cambió" in html
    assert f'href="/articles/{ARTICLE}/"' in html
    assert any(s.translation.pk == tr.pk for s in stale_translations())
    from pathways.admin.attention import attention_lists

    rows = attention_lists()["translations_out_of_date"]
    row = next(r for r in rows if r["translation"].pk == tr.pk)
    assert row["diff"] is not None and "A new sentence in English." in str(row["diff"])


def test_the_loader_reports_an_out_of_date_translation(spanish_site: Path) -> None:
    path = spanish_site / "articles" / f"{ARTICLE}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n\nOne more English sentence.\n", encoding="utf-8")
    report = load_content(spanish_site, dry_run=True)
    assert report.errors == []
    notices = [str(w) for w in report.warnings if "translation out of date" in str(w)]
    assert any(ARTICLE in n for n in notices)


def test_english_overdose_steps_changed_alone_is_a_loader_error(spanish_site: Path) -> None:
    path = spanish_site / "blocks" / f"{STEPS}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Shout their name.", "Shout their name loudly."), "utf-8")
    report = load_content(spanish_site, dry_run=True)
    errors = [str(e) for e in report.errors]
    assert any(f"es/blocks/{STEPS}.md" in e and "overdose steps" in e for e in errors)


def test_the_admin_refuses_english_steps_without_the_spanish() -> None:
    block = Block.objects.get(slug=STEPS)
    spanish_steps = spanish("block", STEPS)
    data = {
        "title": block.title,
        "slug": block.slug,
        "status": block.status,
        "body": block.body.replace("Shout their name.", "Shout their name loudly."),
        "updated": block.updated,
        "review_due": block.review_due,
        "loaded_version": block.version,
        "spanish_body": spanish_steps.body,
    }
    form_class = modelform_factory(
        Block, form=BlockForm, fields=["title", "slug", "status", "body", "updated", "review_due"]
    )
    form = form_class(data=data, instance=block)
    assert not form.is_valid()
    assert STEPS_REFUSAL in str(form.errors)
    data["spanish_body"] = spanish_steps.body.replace("Grite su nombre.", "Grite fuerte su nombre.")
    form = form_class(data=data, instance=block)
    assert form.is_valid(), form.errors
    form.save()
    spanish_steps.refresh_from_db()
    assert "Grite fuerte su nombre." in spanish_steps.body
    block.refresh_from_db()
    assert spanish_steps.source_hash == english_hash(block)


# -- Search ------------------------------------------------------------------------


def test_a_translation_is_edited_in_the_admin_beside_its_english(admin_client: Client) -> None:
    tr = spanish("article", ARTICLE)
    page = admin_client.get(f"/admin/pathways/translation/{tr.pk}/change/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "English text (as it is now)" in html
    assert "markdownx" in html
    attention = admin_client.get("/admin/attention/")
    assert attention.status_code == 200 and "Translation out of date" in attention.content.decode()
