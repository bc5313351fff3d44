"""The admin tests' fixtures: the small fixture tree small_site, editor and reviewer clients.

Every admin test runs on the small fixture tree (tests/content/valid), not the
real corpus, so an editor's rename in content/ never breaks them. A test module
takes these with `pytest_plugins = ["tests.admin_fixtures"]`.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client


@pytest.fixture
def staff(client: Client) -> User:
    user = User.objects.create_user("editor", password="a long passphrase", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


@pytest.fixture
def reviewer_client() -> Client:
    user = User.objects.create_user("reviewer", password="another passphrase", is_staff=True)
    user.groups.add(Group.objects.get(name="Clinical reviewers"))
    client = Client()
    client.force_login(user)
    return client
