"""Offline reading: the service worker at /sw.js and the offline page.

The worker is a static file (`static/pathways/sw.js`) with three constants put
in front of it here: the version (the page ETag, so the worker's bytes, and
with them its precache, change whenever the content, the date or the release
does), the addresses it keeps from the start, and the offline page. It is
served from `/` so its scope is the whole site, and it is stored and
revalidated like a page (ETag, `no-cache`), so a browser sees a new version on
its next visit. Everything here is progressive enhancement: with JavaScript
off, or without service workers, every page works as before.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

from pathways.page_cache import NOT_STORED_PREFIXES, page_etag

# The crisis guidance, the overdose steps and the pathway are kept from the
# first visit; every other page once the reader has opened it.
CRISIS_PAGES = ("overdose-response", "suicide-risk-and-988")
STATIC_FILES = ("pathways/site.css", "pathways/favicon.svg", "pathways/sw-register.js")


def offline_url() -> str:
    return reverse("offline")


def precache() -> list[str]:
    pages = [
        reverse("pathways:home"),
        reverse("pathways:pathway"),
        *(reverse("pathways:article", args=[slug]) for slug in CRISIS_PAGES),
        offline_url(),
    ]
    return pages + [static(name) for name in STATIC_FILES]


@functools.cache
def worker_source() -> str:
    found = finders.find("pathways/sw.js")
    if not found:
        raise FileNotFoundError("pathways/sw.js")
    return Path(str(found)).read_text(encoding="utf-8")


def worker_script() -> str:
    header = (
        f"var VERSION = {json.dumps(page_etag().strip(chr(34)))};\n"
        f"var PRECACHE = {json.dumps(precache())};\n"
        f"var OFFLINE = {json.dumps(offline_url())};\n"
        f"var SEARCH = {json.dumps(list(NOT_STORED_PREFIXES))};\n"
    )
    return header + worker_source()


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(worker_script(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def offline_page(request: HttpRequest) -> HttpResponse:
    return render(request, "offline.html")


@require_safe
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers and feed readers that ask for /favicon.ico get the site's icon."""
    return HttpResponseRedirect(static("pathways/favicon.svg"))
