"""The editors' admin site, installed in place of Django's default one.

`EditorsAdminConfig` replaces "django.contrib.admin" in INSTALLED_APPS, so
`admin.site` (which every registration and third-party admin uses) is an
`EditorsSite`. The site adds the staff pages that belong to no one model
(the needs-attention dashboard, the editor's live preview) to its own URLs.

This module lives beside the `pathways.admin` package, not in it: Django
imports the site class while it autodiscovers admin modules, and importing
anything inside the package would run its registrations against a site that
does not exist yet.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.urls import URLPattern, URLResolver


class EditorsSite(admin.AdminSite):
    site_header = "Opioid Treatment Pathway: editors"
    site_title = "Pathway editors"
    index_title = "Content"
    index_template = "admin/pathways_index.html"

    def get_urls(self) -> list[URLPattern | URLResolver]:
        from pathways.admin.views import site_urls

        # Before the admin's own, whose catch-all would answer first.
        return [*site_urls(self), *super().get_urls()]


class EditorsAdminConfig(AdminConfig):
    default_site = "pathways.admin_site.EditorsSite"
