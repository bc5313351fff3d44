"""Change forms submitted as a browser would submit them, for the admin tests.

The admin tests' fixtures (the small tree small_site, editor and reviewer clients)
are in tests.admin_fixtures.
"""

from __future__ import annotations

from django.db.models import Model
from django.test import Client

from pathways.models import Article, Status


def change_url(article: Article) -> str:
    return f"/admin/pathways/article/{article.pk}/change/"


def form_data(client: Client, article: Article, **changes: str) -> dict[str, object]:
    """The article's change form as the browser would submit it, with changes."""
    response = client.get(change_url(article))
    return submitted(response, changes)


def submitted(response: object, changes: dict[str, str]) -> dict[str, object]:
    context = response.context  # type: ignore[attr-defined]
    form = context["adminform"].form
    data: dict[str, object] = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        data[name] = value if isinstance(value, list) else field.prepare_value(value)
    formsets = context.get("inline_admin_formsets", [])
    for formset in formsets:
        fs = formset.formset
        for key in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{fs.prefix}-{key}"] = str(fs.management_form[key].value())
        for subform in fs.forms:
            for name in subform.fields:
                value = subform[name].value()
                if value is not None:
                    data[subform.add_prefix(name)] = str(value)
    data.update(changes)
    return data


def source_prefix(data: dict[str, object]) -> str:
    """The sources inline's form prefix, e.g. 'pathways-source-content_type-object_id'."""
    return next(k for k in data if k.endswith("-TOTAL_FORMS")).removesuffix("-TOTAL_FORMS")


def restore_url(item: Article, revision: object) -> str:
    """simple-history's restore form for one revision of an article."""
    return f"/admin/pathways/article/{item.pk}/history/{revision.history_id}/"  # type: ignore[attr-defined]


def diff_url(item: Article) -> str:
    return f"/admin/pathways/article/{item.pk}/diff/"


def make_draft(item: Model) -> None:
    """Through save(), as every write to what readers see must go (it is published)."""
    row = type(item)._default_manager.get(pk=item.pk)
    row.status = Status.DRAFT  # type: ignore[attr-defined]
    row.save()
