"""Test settings: the real settings, with test-only switches that no deploy should use."""

from __future__ import annotations

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-deployment")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from pathways.settings import *  # noqa: F403
from pathways.settings import CACHES, STORAGES

# live_server can't serve manifest-hashed names that were never collected.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The search limiter is off except in its own test, which turns it on.
SEARCH_RATE_LIMIT = 0
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tests speak plain http to the test client and live_server.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# Parallel test workers share one Redis: give each its own database number, so
# one worker's cache.clear() or rate-limit counters never touch another's.
if str(CACHES["default"]["BACKEND"]).endswith("ResilientRedisCache"):
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or "0"
    base = str(CACHES["default"]["LOCATION"]).rsplit("/", 1)[0]
    CACHES["default"]["LOCATION"] = f"{base}/{1 + int(worker) % 15}"
