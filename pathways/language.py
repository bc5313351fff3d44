"""The reader's language comes from the address alone: /es/... is Spanish, anything else
English. No cookie, no session and no Accept-Language header is read or set, so
every address has one language and caches keep one copy of each page."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

PREFIXES = {"es": "/es/"}


def language_for_path(path: str) -> str:
    for code, prefix in PREFIXES.items():
        if path.startswith(prefix) or path == prefix.rstrip("/"):
            return code
    return str(settings.LANGUAGE_CODE)


class LanguageFromPathMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        code = language_for_path(request.path_info)
        translation.activate(code)
        request.LANGUAGE_CODE = code
        try:
            return self.get_response(request)
        finally:
            translation.activate(settings.LANGUAGE_CODE)
