"""A stale window never overwrites a newer save: the change form carries what it showed.

The change form of a record (and of its inline rows) carries, signed, the values its
fields showed when the page was made (`_seen`). Saving locks the record's row and
compares those values with the ones stored now: if anyone saved the record, or one of
its rows, since the page was made (another window, another person, a service such as
an assignment), nothing is saved and the form is shown again, as typed, with what
changed: "Investigator: Ivy Investigator → Sam Second". The page shown then carries the
values of now, so saving again is a decision made knowing them.

Values are compared, not a version number: only a change to something this form would
write is a conflict, whichever path made it (`save()`, `update()`, a service).
"""

from __future__ import annotations

import datetime

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

SEEN = "_seen"
SALT = "cases.admin.stale"


def _plain(value):
    """A field's value as JSON can hold it and compare it."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple, set, models.QuerySet)):
        return sorted((_plain(item) for item in value), key=str)
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def _values(form, instance=None) -> dict:
    """The values `form` shows for its record: as read now from `instance`, else its initial."""
    names = [name for name in form.fields if not name.startswith("_")]
    initial = model_to_dict(instance, fields=names) if instance is not None else form.initial
    return {name: _plain(initial.get(name)) for name in names if name in initial}


def _rows(form, formsets):
    yield "", form
    for formset in formsets:
        for row in formset.initial_forms:
            if row.instance.pk is not None:
                yield f"{formset.prefix}:{row.instance.pk}", row


def stale_guard_snapshot(form, formsets) -> str:
    """What the page shows, signed, for its hidden `_seen` field."""
    return signing.dumps({key: _values(row) for key, row in _rows(form, formsets)}, salt=SALT, compress=True)


def posted_snapshot(request) -> dict | None:
    try:
        return signing.loads(request.POST.get(SEEN, ""), salt=SALT)
    except signing.BadSignature:
        return None


def _display(field, value) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(field, forms.ModelMultipleChoiceField):
        return ", ".join(_display(forms.ModelChoiceField(field.queryset), item) for item in value)
    if isinstance(field, forms.ModelChoiceField):
        found = field.queryset.model._base_manager.filter(pk=value).first()
        return field.label_from_instance(found) if found is not None else str(value)
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    return str(value)


def stale_guard_changes(*, seen: dict, form, formsets, obj) -> list[str]:
    """What changed since the page was made, one line a field; the record's row is locked first."""
    model = type(obj)
    model._base_manager.select_for_update().filter(pk=obj.pk).exists()
    changes = []
    for key, row in _rows(form, formsets):
        if key not in seen:
            continue
        instance = type(row.instance)._base_manager.filter(pk=row.instance.pk).first()
        now = _values(row, instance) if instance is not None else {}
        where = "" if not key else f"{row.instance._meta.verbose_name} “{row.instance}”: "
        for name, was in seen[key].items():
            if name in now and now[name] != was:
                field = row.fields[name]
                changes.append(
                    _("%(where)s%(field)s: %(was)s → %(now)s")
                    % {
                        "where": where,
                        "field": field.label or name,
                        "was": _display(field, was),
                        "now": _display(field, now[name]),
                    }
                )
    return changes


def stale_guard_error(*, changes: list[str], obj) -> ValidationError:
    return ValidationError(
        _(
            "Not saved: this %(what)s was saved by someone else after you opened this page. "
            "What changed since: %(changes)s. What you typed is kept below: check it against "
            "these changes and save again."
        )
        % {"what": obj._meta.verbose_name, "changes": "; ".join(changes)},
        code="stale",
    )
