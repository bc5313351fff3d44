"""Spanish search (search.spanish): accents and stems, synonyms, crisis pins,
spelling, hostile queries, and English search kept apart."""

from __future__ import annotations

import pytest
from django.test import Client

from pathways.models import Translation
from pathways.search.spanish import search as es_search
from tests.spanish_helpers import spanish

pytestmark = pytest.mark.django_db


def urls(query: str) -> list[str]:
    return [r.url for r in es_search(query).results]


def test_spanish_search_ignores_accents_and_stems() -> None:
    overdose = spanish("article", "overdose-response").get_absolute_url()
    naloxone = spanish("article", "naloxone").get_absolute_url()
    assert overdose in urls("sobredósis")[:3]
    assert overdose in urls("SOBREDOSIS")[:3]
    assert naloxone in urls("naloxona")[:3]
    assert naloxone in urls("Naloxóna")[:3]
    assert urls("medicamento") and set(urls("medicamento")) & set(urls("medicamentos"))


def test_spanish_synonyms_and_crisis_pins() -> None:
    withdrawal = [u for u in urls("malilla") if "abstinencia" in u]
    assert withdrawal, urls("malilla")
    overdose = spanish("article", "overdose-response").get_absolute_url()
    assert urls("no respira")[0] == overdose
    assert es_search("no respira").crisis
    suicide = Translation.objects.filter(
        kind="article", english_slug="suicide-risk-and-988"
    ).first()
    if suicide is not None:
        assert urls("suicidio")[0] == suicide.get_absolute_url()


def test_spanish_search_corrects_spelling_and_never_fails() -> None:
    results = es_search("naloxna")
    assert results.results
    assert Client().get("/es/buscar/?q=%00%ff' OR 1=1 --").status_code == 200
    assert Client().get("/es/buscar/?q=" + "á" * 500).status_code == 200


def test_english_search_is_not_spanish() -> None:
    from pathways.search import search

    assert all(not r.url.startswith("/es/") for r in search("naloxona").results)
