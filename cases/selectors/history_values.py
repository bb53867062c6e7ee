"""How one history event reads (issue 18): the changed fields with old → new values and
the reason the change was made. Used by cases.selectors.history.

Encrypted columns are compared as stored: since EncryptedTextField keeps its token while
the plain value is unchanged, a differing token is a real change. They are shown decrypted
only to a reader allowed to see identities, and only on the page, never into a table.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from idhr_portal.crypto import EncryptedJSONField, EncryptedTextField

# Columns that say nothing to a reader (kept in the event tables all the same); "case" is
# the case whose history this is. A report's receipt-code hash is never shown (rows written
# before cases.models.anonymous_history blanked it still hold it).
HIDDEN_FIELDS = {"name_index", "email_index", "search_tokens", "stored_name", "case", "receipt_code_hash"}

# Whole documents kept on a record (a letter's HTML, a measure's written notice, a template's
# body): never decrypted for the history, which says only that they changed (their
# ciphertexts are compared: a token is kept while its text is unchanged).
BULK_FIELDS = {
    "cases.letter": ("html",),
    "cases.supportivemeasure": ("notice_text",),
    "cases.lettertemplate": ("body",),
}

# The fields of a record that hold why it changed: a change to one of them is the row's
# reason (legal hold, track override, no-measures closing, an ended assignment, an upheld
# or rejected objection, a dismissal, an excluded question, an extension, unfounded).
REASON_FIELDS = {
    "cases.case": ("legal_hold_reason", "process_track_reason", "no_measures_reason"),
    "cases.caseassignment": ("end_reason",),
    "cases.assigneeobjection": ("resolution_reason",),
    "cases.dismissal": ("reason",),
    "cases.relevanceruling": ("reason",),
    "cases.deadlineextension": ("cause", "reason"),
    "cases.cleryclassification": ("unfounded_reason",),
}


@dataclass
class Change:
    field: str
    old: str
    new: str


def is_encrypted(model_field) -> bool:
    return isinstance(model_field, (EncryptedTextField, EncryptedJSONField))


def _is_user(model_field) -> bool:
    return model_field.is_relation and model_field.related_model._meta.label == settings.AUTH_USER_MODEL


def display(model_field, raw, *, identities: bool, names: dict) -> str:
    """One value as a reader sees it: choice labels, yes/no, people's names, "Party #12"."""
    if raw is None or raw == "":
        return "—"
    if is_encrypted(model_field):
        # The event tables' copies of the field decrypt on read, like the model's.
        return str(raw) if identities else _("(hidden)")
    if model_field.choices:
        labels = {str(value): str(label) for value, label in model_field.flatchoices}
        return labels.get(str(raw), str(raw))
    if isinstance(model_field, models.BooleanField):
        return _("yes") if raw else _("no")
    if isinstance(raw, datetime.datetime):
        return timezone.localtime(raw).strftime("%Y-%m-%d %H:%M")
    if _is_user(model_field):
        return names.get(raw, ("#%s" % raw, ""))[0]
    if (model_field.model._meta.label_lower, model_field.name) == ("cases.sanction", "kind"):
        return names.get(("sanction", raw), str(raw))  # the option's label, not its code
    if model_field.is_relation:
        return "%s #%s" % (str(model_field.related_model._meta.verbose_name).capitalize(), raw)
    return str(raw)


def user_ids(tracked, data: dict) -> set:
    """The people a record's fields name (assigned user, decided by...), to look up once."""
    return {data.get(f.attname) for f in tracked._meta.concrete_fields if _is_user(f)} - {None}


def changes(tracked, old: dict | None, new: dict, *, identities: bool, names: dict) -> list[Change]:
    out = []
    for model_field in tracked._meta.concrete_fields:
        if model_field.primary_key or model_field.name in HIDDEN_FIELDS:
            continue
        column = model_field.attname
        if column not in new:
            continue
        before = None if old is None else old.get(column)
        after = new.get(column)
        if old is not None and before == after:
            continue
        if old is None and after in (None, ""):
            continue
        old_text = "—" if old is None else display(model_field, before, identities=identities, names=names)
        new_text = display(model_field, after, identities=identities, names=names)
        bulk = model_field.name in BULK_FIELDS.get(tracked._meta.concrete_model._meta.label_lower, ())
        if bulk or (is_encrypted(model_field) and not identities):
            old_text, new_text = "", _("changed")
        out.append(Change(str(model_field.verbose_name), old_text, new_text))
    return out


def reason(tracked, old: dict | None, new: dict, context: dict, *, identities: bool, names: dict) -> str:
    """Why: the reason given with the service call (kept in the history context), else the
    new value of the record's own reason fields changed by this event."""
    if (context or {}).get("reason"):
        return str(context["reason"])
    parts = []
    for name in REASON_FIELDS.get(tracked._meta.concrete_model._meta.label_lower, ()):
        model_field = tracked._meta.get_field(name)
        after = new.get(model_field.attname)
        if after in (None, "") or (old is not None and old.get(model_field.attname) == after):
            continue
        parts.append(display(model_field, after, identities=identities, names=names))
    return ": ".join(parts)
