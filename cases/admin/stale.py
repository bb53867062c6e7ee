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


def _typed(row, name):
    cleaned = getattr(row, "cleaned_data", None) or {}
    return _plain(cleaned[name]) if name in cleaned else None


def _show_theirs(data, row, name, value) -> bool:
    """Put the value saved meanwhile in the field the person left as it was; False if it cannot."""
    field, key = row.fields[name], row.add_prefix(name)
    if isinstance(field.widget, forms.MultiWidget):
        return False
    if isinstance(value, bool) or isinstance(field, forms.BooleanField):
        if value:
            data[key] = "on"
        else:
            data.pop(key, None)
    elif isinstance(value, list):
        data.setlist(key, [str(item) for item in value])
    else:
        data[key] = "" if value is None else str(value)
    return True


def stale_guard_changes(*, seen: dict, form, formsets, obj) -> list[str]:
    """What changed since the page was made, one line a field; the record's row is locked first.

    A field the person left as it was shows the value saved meanwhile; one they changed
    keeps what they typed (the line says so), so saving again loses neither.
    """
    model = type(obj)
    model._base_manager.select_for_update().filter(pk=obj.pk).exists()
    changes, data = [], form.data.copy()
    rows = list(_rows(form, formsets))
    for key, row in rows:
        if key not in seen:
            continue
        instance = type(row.instance)._base_manager.filter(pk=row.instance.pk).first()
        now = _values(row, instance) if instance is not None else {}
        where = "" if not key else f"{row.instance._meta.verbose_name} “{row.instance}”: "
        for name, was in seen[key].items():
            if name not in now or now[name] == was:
                continue
            field = row.fields[name]
            typed = _typed(row, name)
            line = _("%(where)s%(field)s: %(was)s → %(now)s") % {
                "where": where,
                "field": field.label or name,
                "was": _display(field, was),
                "now": _display(field, now[name]),
            }
            if (typed != was and typed != now[name]) or not _show_theirs(data, row, name, now[name]):
                line += " " + _("(you typed “%(typed)s”: kept below)") % {"typed": _display(field, typed)}
            changes.append(line)
    if changes:
        for _key, row in [("", form)] + [("", f) for formset in formsets for f in formset.forms]:
            row.data = data
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
