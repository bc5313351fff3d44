from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from pathways import views

app_patterns = (
    [
        path("", views.home, name="home"),
        path("pathway/", views.pathway, name="pathway"),
        path("pathway/<slug:slug>/", views.stage, name="stage"),
        path("articles/<slug:slug>/", views.article, name="article"),
        path("substances/<slug:slug>/", views.substance, name="substance"),
        path("glossary/", views.glossary, name="glossary"),
    ],
    "pathways",
)

urlpatterns = [
    path("", include(app_patterns)),
    path("admin/", admin.site.urls),
]
