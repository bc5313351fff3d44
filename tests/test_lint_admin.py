"""The medical-safety lint in the admin: live findings in the preview, a save refused
on errors, exceptions shown on the change page, and findings named by form field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from pathways.lint import lint_form
from pathways.models import Article
from tests.admin_helpers import change_url, form_data

pytest_plugins = ["tests.admin_fixtures"]  # small_site (the small tree) and staff (an editor)


@pytest.mark.django_db
def test_preview_returns_findings_as_json_and_in_a_header(
    small_site: Path, client: Client, staff: User
) -> None:
    url = "/admin/markdownx/markdownify/"
    response = client.post(url, {"content": "Take 8 mg.\n\nMAT helps.", "lint": "1"})
    data = response.json()
    assert (data["errors"], data["warnings"]) == (1, 1)
    assert [(f["line"], f["rule"]) for f in data["findings"]] == [
        (1, "dose"),
        (3, "treatment-wording"),
    ]
    response = client.post(url, {"content": "Take 8 mg."})
    assert "<p>Take 8 mg.</p>" in response.content.decode()
    assert json.loads(response["X-Lint-Findings"])[0]["rule"] == "dose"
    assert Client().post(url, {"content": "x", "lint": "1"}).status_code == 403


@pytest.mark.django_db
def test_admin_refuses_a_save_with_lint_errors_and_stores_warnings(
    small_site: Path, client: Client, staff: User
) -> None:
    article = Article.objects.get(slug="staying-safe")
    data = form_data(client, article, body=article.body + "\nTake 8 mg twice a day.\n")
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lint error (line" in html and "dose: an amount of a medicine" in html
    assert "8 mg" not in Article.objects.get(slug="staying-safe").body
    data = form_data(client, article, body=article.body + "\nMAT is an older name.\n")
    assert client.post(change_url(article), data).status_code == 302
    saved = Article.objects.get(slug="staying-safe")
    assert [f["rule"] for f in saved.lint_findings] == ["treatment-wording"]
    dashboard = client.get("/admin/attention/").content.decode()
    assert "Lint warnings (1)" in dashboard and "treatment-wording" in dashboard


@pytest.mark.django_db
def test_change_page_shows_exceptions_and_loads_the_lint_script(
    small_site: Path, client: Client, staff: User
) -> None:
    article = Article.objects.get(slug="staying-safe")
    article.lint_exceptions = [{"rule": "stigma", "reason": "It quotes the words."}]
    article.save()
    html = client.get(f"/admin/pathways/article/{article.pk}/change/").content.decode()
    assert "Safety-check exceptions on this page" in html and "It quotes the words." in html
    assert "pathways/admin-lint.js" in html
    assert "<script>" not in html  # no inline script (strict CSP)


def test_lint_form_names_the_field() -> None:
    [finding] = lint_form({"body": "Fine.", "summary": "Call 1-888-555-0100."})
    assert (finding.field, finding.line, finding.rule) == ("summary", 1, "phone-number")
