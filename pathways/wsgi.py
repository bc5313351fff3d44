"""WSGI entry point for gunicorn."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings")

django_application = get_wsgi_application()

# Stored public pages are answered in front of Django (pathways.fastpath);
# imported once Django is set up, since it reads the settings.
from pathways.fastpath import StoredPageApp  # noqa: E402

application = StoredPageApp(django_application)
