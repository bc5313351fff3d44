"""The editors' staff pages, mounted through the admin's own URL hooks.

Every name is in the admin's namespace:

- `admin:attention`: the needs-attention dashboard (`/admin/attention/`);
- `admin:markdownx_markdownify`: markdownx's live preview, at the address
  settings.MARKDOWNX_URLS_PATH gives the editor's widget;
- `admin:markdownx_upload`: markdownx's image upload, switched off;
- `admin:<app>_<model>_diff`: two revisions of one item compared;
- `admin:<app>_<model>_preview`: a page as readers would see it, draft or not.

markdownx's own URLs are never mounted: its preview answers anyone and its
upload writes files.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.urls import URLPattern, path, reverse


def item_urls(model_admin: Any, views: dict[str, Any]) -> list[URLPattern]:
    """One model's staff pages, named like the admin's own (`pathways_article_diff`)."""
    opts = model_admin.opts
    return [
        path(
            f"<path:object_id>/{name}/",
            model_admin.admin_site.admin_view(view),
            name=f"{opts.app_label}_{opts.model_name}_{name}",
        )
        for name, view in views.items()
    ]


def admin_url(obj: Model, name: str = "change") -> str:
    """The address of one of an object's admin pages ("change", "history", "diff", "preview")."""
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=[obj.pk])
