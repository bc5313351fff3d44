"""The Spanish site in a real browser: axe at 0 on phone and desktop, phone screenshots."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_reading import AXE_OPTIONS


def spanish_pages() -> dict[str, str]:
    from pathways.models import Translation

    pages = {
        "es-home": "/es/",
        "es-pathway": "/es/camino/",
        "es-glossary": "/es/glosario/",
        "es-about": "/es/acerca/",
        "es-search": "/es/buscar/?q=sobredosis",
        "es-search-empty": "/es/buscar/?q=zzzqqq",
        "es-not-found": "/es/articulos/no-existe/",
    }
    for kind, key in (("article", "overdose-response"), ("stage", "stabilization")):
        tr = Translation.objects.filter(language="es", kind=kind, english_slug=key).first()
        if tr is not None:
            pages[f"es-{kind}"] = tr.get_absolute_url()
    substance = Translation.objects.filter(language="es", kind="substance").first()
    if substance is not None:
        pages["es-substance"] = substance.get_absolute_url()
    return pages


@pytest.mark.parametrize(("size", "label"), [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_axe_finds_no_violations_on_spanish_pages(
    browser: Any, live_server: Any, size: dict[str, int], label: str
) -> None:
    axe = Axe()
    context = browser.new_context(viewport=size)
    page = context.new_page()
    problems = {}
    for name, path in spanish_pages().items():
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == "es", name
        results = axe.run(page, options=AXE_OPTIONS)
        if results.violations_count:
            problems[name] = results.generate_report()
    assert context.cookies() == []
    context.close()
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())


def test_phone_reader_in_spanish(browser: Any, live_server: Any, shot: Any) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.locator("a.language-link").click()
    assert page.url.endswith("/es/")
    shot(page, "es-home-phone")
    bar = page.locator(".crisis-bar").bounding_box()
    assert bar is not None and bar["y"] + bar["height"] <= PHONE["height"]
    page.get_by_role("link", name="Qué hacer ahora").click()
    assert "/es/articulos/" in page.url
    assert page.get_by_text("Revise a la persona.").first.is_visible()
    shot(page, "es-overdose-phone")
    pages = spanish_pages()
    if "es-stage" in pages:
        page.goto(live_server.url + pages["es-stage"])
        assert page.get_by_role("heading", name="Preguntas para esta etapa").is_visible()
        shot(page, "es-stage-phone")
    page.locator("a.language-link").click()
    assert "/es/" not in page.url
    assert context.cookies() == []
    context.close()
