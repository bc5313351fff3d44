from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from pathways import offline, translation_views, views
from pathways.health import healthz
from pathways.sitemaps import SITEMAPS

# Paths are translated (locale/es: "articles/" is "articulos/"); English stays
# unprefixed at its old addresses, Spanish lives under /es/.
app_patterns = (
    [
        path("", views.home, name="home"),
        path(_("pathway/"), views.pathway, name="pathway"),
        path(_("pathway/<slug:slug>/"), views.stage, name="stage"),
        path(_("articles/<slug:slug>/"), views.article, name="article"),
        path(_("substances/<slug:slug>/"), views.substance, name="substance"),
        path(_("glossary/"), views.glossary, name="glossary"),
        path(_("about/"), views.about, name="about"),
        path(_("search/"), views.search_page, name="search"),
        path(_("feed/"), translation_views.feed, name="feed"),
    ],
    "pathways",
)

urlpatterns = [
    *i18n_patterns(path("", include(app_patterns)), prefix_default_language=False),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("healthz", healthz, name="healthz"),
    # Offline reading: the worker's scope is its own directory, so it lives at /.
    path("sw.js", offline.service_worker, name="service_worker"),
    path("offline/", offline.offline_page, name="offline"),
    path("favicon.ico", offline.favicon, name="favicon"),
    # The editors' admin, with its staff pages (pathways.admin.urls).
    path("admin/", admin.site.urls),
]

handler404 = "pathways.views.page_not_found"
handler500 = "pathways.views.server_error"
