"""The clinical-review action (pathways.admin.review) and the editors' groups
(pathways.groups): only clinical reviewers record a review."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from pathways.models import Article

pytest_plugins = ["tests.admin_fixtures"]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_site")]


def test_only_clinical_reviewers_can_mark_reviewed(
    client: Client, staff: User, reviewer_client: Client
) -> None:
    article = Article.objects.get(slug="staying-safe")
    action = {"action": "mark_clinically_reviewed", "_selected_action": [str(article.pk)]}
    changelist = "/admin/pathways/article/"
    editor_page = client.get(changelist).content.decode()
    assert "mark_clinically_reviewed" not in editor_page
    client.post(
        changelist,
        {
            **action,
            "apply": "1",
            "reviewer": "Me",
            "reviewed_on": "2026-11-01",
            "review_due": "2027-05-01",
        },
    )
    assert not Article.objects.get(pk=article.pk).clinically_reviewed

    assert "mark_clinically_reviewed" in reviewer_client.get(changelist).content.decode()
    form_page = reviewer_client.post(changelist, action)
    assert "Record the clinical review" in form_page.content.decode()
    today = datetime.date.today()
    response = reviewer_client.post(
        changelist,
        {
            **action,
            "apply": "1",
            "reviewer": "Dana Rivera, MD",
            "reviewed_on": today.isoformat(),
            "review_due": (today + datetime.timedelta(days=180)).isoformat(),
        },
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.reviewed_by == "Dana Rivera, MD" and article.reviewed_on == today
    assert article.review_due == today + datetime.timedelta(days=180)
    assert article.history.first().history_change_reason == "clinical review"


def test_a_review_dated_in_the_future_is_refused(reviewer_client: Client) -> None:
    article = Article.objects.get(slug="staying-safe")
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    response = reviewer_client.post(
        "/admin/pathways/article/",
        {
            "action": "mark_clinically_reviewed",
            "_selected_action": [str(article.pk)],
            "apply": "1",
            "reviewer": "Dana Rivera, MD",
            "reviewed_on": tomorrow.isoformat(),
            "review_due": (tomorrow + datetime.timedelta(days=30)).isoformat(),
        },
    )
    assert "can&#x27;t be dated in the future" in response.content.decode()
    assert not Article.objects.get(pk=article.pk).clinically_reviewed


def test_groups_have_only_the_permissions_they_need() -> None:
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    reviewers = set(
        Group.objects.get(name="Clinical reviewers").permissions.values_list("codename", flat=True)
    )
    assert "change_article" in editors and "delete_article" not in editors
    assert "mark_reviewed" not in editors
    assert "mark_reviewed" in reviewers and "change_article" not in reviewers
