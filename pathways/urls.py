from __future__ import annotations

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from pathways import views
from pathways.feeds import RecentlyUpdated
from pathways.sitemaps import SITEMAPS

app_patterns = (
    [
        path("", views.home, name="home"),
        path("pathway/", views.pathway, name="pathway"),
        path("pathway/<slug:slug>/", views.stage, name="stage"),
        path("articles/<slug:slug>/", views.article, name="article"),
        path("substances/<slug:slug>/", views.substance, name="substance"),
        path("glossary/", views.glossary, name="glossary"),
        path("about/", views.about, name="about"),
        path("search/", views.search_page, name="search"),
        path("feed/", RecentlyUpdated(), name="feed"),
    ],
    "pathways",
)

urlpatterns = [
    path("", include(app_patterns)),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("admin/", admin.site.urls),
]

handler404 = "pathways.views.page_not_found"
handler500 = "pathways.views.server_error"
