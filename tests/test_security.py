"""Hostile input, production settings and security headers.

Every XSS payload in tests/data/xss_payloads.txt goes through the one
renderer; the output may hold only allow-listed tags, no event handler, no
style and no script-capable URL, and a second sanitizing pass changes nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import nh3
import pytest
from django.conf import settings
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from pathways.rendering import Target, render_markdown, sanitize
from pathways.rendering.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES
from tests.htmlcheck import parse_tags

PAYLOAD_FILE = Path(__file__).parent / "data" / "xss_payloads.txt"
PAYLOADS = [
    line.replace("\\n", "\n")
    for line in PAYLOAD_FILE.read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]
SLUGS = {"naloxone": Target("article", "Naloxone", "/articles/naloxone/", True, slug="naloxone")}
URL_ATTRIBUTES = {"href", "src", "cite", "action", "formaction", "background", "srcset"}


def assert_safe(html: str) -> None:
    for tag, attrs in parse_tags(html):
        assert tag in ALLOWED_TAGS, (tag, html)
        for name, value in attrs:
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()) | {"class", "rel"}, (name, html)
            assert not name.startswith("on"), html
            if name in URL_ATTRIBUTES and value:
                scheme = urlsplit(value.strip()).scheme.lower()
                assert scheme in URL_SCHEMES | {""}, (value, html)


def test_there_are_at_least_a_hundred_payloads() -> None:
    assert len(PAYLOADS) >= 100


@pytest.mark.parametrize("payload", PAYLOADS)
def test_renderer_output_is_safe_for_every_payload(payload: str) -> None:
    html = render_markdown(payload, SLUGS).html
    assert_safe(html)
    assert "<script" not in html.lower()
    assert sanitize(html) == html  # a second pass finds nothing left to remove


@given(st.text(max_size=400))
def test_renderer_output_is_safe_for_any_text(text: str) -> None:
    html = render_markdown(text, SLUGS).html
    assert_safe(html)


@given(
    st.lists(
        st.sampled_from(
            [
                "<",
                ">",
                "[",
                "]",
                "(",
                ")",
                '"',
                "'",
                "=",
                ":",
                "javascript",
                "on",
                "error",
                "[[",
                "]]",
                "|",
                "!",
                "\n",
                " ",
                "script",
                "img",
                "a href",
                "{:",
                "}",
                "&#",
                "x",
                "data",
                "*",
                "`",
                "#",
            ]
        ),
        max_size=60,
    )
)
def test_renderer_output_is_safe_for_markup_soup(parts: list[str]) -> None:
    html = render_markdown("".join(parts), SLUGS).html
    assert_safe(html)


def test_sanitizer_allow_list_is_what_nh3_keeps() -> None:
    html = nh3.clean("<p onclick=x style=y>ok</p>", tags=ALLOWED_TAGS)
    assert html == "<p>ok</p>"


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x7#k2!pQ9vL0zR4mT8wY1nB5cF3hJ6gD-production-like-secret-key-for-test",
    "ALLOWED_HOSTS": "pathway.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
    "PUBLISHER": "Pathway Health Information Project",
    "EDITORIAL_CONTACT": "Managing editor, editors@pathway.test",
    "CONTACT_EMAIL": "corrections@pathway.test",
}


def test_deploy_check_reports_nothing_under_production_settings() -> None:
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_warns_about_a_placeholder_publisher_or_address() -> None:
    env = {**PRODUCTION_ENV, "CONTACT_EMAIL": "corrections@example.org"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode != 0
    assert "pathways.W001" in result.stdout + result.stderr
    assert "CONTACT_EMAIL" in result.stdout + result.stderr


def test_secret_key_is_required_when_debug_is_off() -> None:
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_security_headers_on_public_pages(client: Client, small_site: Path) -> None:
    response = client.get("/articles/medicine-basics/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_ssl_redirect_spares_the_health_check(client: Client, settings: object) -> None:
    settings.SECURE_SSL_REDIRECT = True  # type: ignore[attr-defined]
    assert client.get("/").status_code == 301
    assert client.get("/healthz").status_code == 200
    assert client.get("/", headers={"X-Forwarded-Proto": "https"}).status_code == 200
