"""The editors' admin: markdownx editing, sources inline, history, review workflow.

Django imports this package when it discovers admin modules; it registers
one admin per model. The modules, by job:

- `items`: what every item's admin shares (saves, restores), and pages';
- `kind_admins`: each kind's columns, fields and preview;
- `forms`, `sources`, `filters`, `review`: the item form, the sources
  inline, the list filters, the clinical-review action;
- `revisions`: restoring a revision, with the sources and substances it kept;
- `views`, `attention`, `diffs`, `urls`: the staff pages beside the admin's
  own (live preview, draft preview, revision diff, needs-attention);
- `translations`: translations beside their English originals.

The site itself (headers, the site-wide staff pages) is `pathways.admin_site`.
"""

from __future__ import annotations

from django.contrib import admin

from pathways.admin.items import ItemAdmin, PageAdmin
from pathways.admin.kind_admins import (
    ArticleAdmin,
    BlockAdmin,
    CrisisBoxAdmin,
    GlossaryTermAdmin,
    StageAdmin,
    SubstanceAdmin,
)
from pathways.admin.sources import SourceInline
from pathways.admin.translations import BlockForm, TranslationAdmin
from pathways.models import Article, Block, CrisisBox, GlossaryTerm, Stage, Substance, Translation

__all__ = ["BlockForm", "ItemAdmin", "PageAdmin", "SourceInline"]

admin.site.register(Article, ArticleAdmin)
admin.site.register(Stage, StageAdmin)
admin.site.register(Substance, SubstanceAdmin)
admin.site.register(GlossaryTerm, GlossaryTermAdmin)
admin.site.register(CrisisBox, CrisisBoxAdmin)
admin.site.register(Block, BlockAdmin)
admin.site.register(Translation, TranslationAdmin)
