"""HTTP caching of public pages: ETags and 304s, the page store, and never for staff."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from pathways.content_version import bump_content_version
from pathways.models import Article

pytestmark = pytest.mark.usefixtures("small_site")


def test_html_is_revalidated_with_an_etag_and_gets_304s(client: Client) -> None:
    response = client.get("/articles/medicine-basics/")
    etag = response["ETag"]
    assert response["Cache-Control"] == "no-cache"
    again = client.get("/articles/medicine-basics/", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""


def test_etag_changes_when_content_changes(client: Client) -> None:
    etag = client.get("/").headers["ETag"]
    bump_content_version()
    assert client.get("/", headers={"If-None-Match": etag}).status_code == 200


def test_etag_changes_with_the_date_and_the_release(
    client: Client, settings: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime

    from django.utils import timezone

    etag = client.get("/").headers["ETag"]
    settings.RELEASE = "next"  # type: ignore[attr-defined]
    after_release = client.get("/").headers["ETag"]
    assert after_release != etag
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda: tomorrow)
    assert client.get("/").headers["ETag"] != after_release


def test_responses_to_staff_are_never_cached(client: Client) -> None:
    client.force_login(User.objects.create_user("ed", password="pw-long-enough", is_staff=True))
    response = client.get("/articles/medicine-basics/")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert not response.has_header("ETag")
    admin = client.get("/admin/")
    assert "no-store" in admin["Cache-Control"] or "private" in admin["Cache-Control"]


def test_admin_save_changes_the_etag_at_once(client: Client) -> None:
    etag = client.get("/articles/medicine-basics/").headers["ETag"]
    article = Article.objects.get(slug="medicine-basics")
    article.body += "\nOne more line.\n"
    article.save()
    assert (
        client.get("/articles/medicine-basics/", headers={"If-None-Match": etag}).status_code == 200
    )


def test_static_files_have_hashed_names_and_long_lifetimes(tmp_path: Path) -> None:
    from tests.test_faults import run_client_script

    out = run_client_script(
        "import re\n"
        "html = c.get('/about/', secure=True).content.decode()\n"
        "found = re.search(r'href=\"(/static/pathways/site\\.[0-9a-f]{12}\\.css)\"', html)\n"
        "href = found.group(1)\n"
        "r = c.get(href, secure=True)\n"
        "print(r.status_code, r.headers['Cache-Control'])\n",
        tmp_path / "static",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    status, cache_control = out.strip().split(" ", 1)
    assert status == "200"
    assert "max-age=315360000" in cache_control and "immutable" in cache_control


def test_stored_pages_go_stale_at_once_when_content_changes(client: Client) -> None:
    first = client.get("/articles/medicine-basics/").content
    assert client.get("/articles/medicine-basics/").content == first  # served from the page store
    article = Article.objects.get(slug="medicine-basics")
    article.body += "\nA sentence added by an editor.\n"
    article.save()
    assert b"A sentence added by an editor." in client.get("/articles/medicine-basics/").content


def test_search_pages_are_never_stored(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.cache import cache

    stored: list[str] = []
    real_set = cache.set

    def spy(key: str, *args: object, **kwargs: object) -> None:
        stored.append(key)
        real_set(key, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cache, "set", spy)
    client.get("/search/?q=medicine")
    client.get("/articles/medicine-basics/")
    assert not [k for k in stored if k.startswith("page:") and "/search/" in k]
    assert [k for k in stored if k.startswith("page:") and "/articles/medicine-basics/" in k]
