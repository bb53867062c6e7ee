"""The case's history as one chronological record (issue 18): every tracked record of the
case (pghistory event tables), the moves with their reasons, each with the actor's name
and role and old → new values.

Encrypted columns are compared as stored: since EncryptedTextField keeps its token while
the plain value is unchanged, a differing token is a real change. Values are decrypted
here only for a reader allowed to see identities, and only into the page, never a table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pghistory.models
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext as _

from idhr_portal.crypto import EncryptedJSONField, EncryptedTextField
from idhr_portal.roles import user_may_see_identities

from ..models import Case, CaseReport, TransitionLog

# Columns that say nothing to a reader (kept in the event tables all the same).
HIDDEN_FIELDS = {"name_index", "email_index", "search_tokens", "stored_name"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryRow:
    at: datetime
    record: str
    object_id: object
    event: str
    actor: str
    actor_role: str
    changes: list[Change] = field(default_factory=list)
    reason: str = ""


def _event_models():
    """(event model, tracked model) for every pghistory event table of the cases app."""
    for model in apps.get_app_config("cases").get_models():
        if issubclass(model, pghistory.models.Event) and not model._meta.proxy:
            tracked = model._meta.get_field("pgh_obj").related_model
            yield model, tracked


def _case_filter(tracked, case) -> dict | None:
    """The filter on an event table selecting the events of one case's records."""
    if tracked is Case or (tracked._meta.concrete_model is Case):
        return {"pgh_obj_id": case.pk}
    reports = CaseReport.objects.filter(case=case).values("report_id")
    if tracked._meta.concrete_model._meta.label == "reports.Report":
        return {"pgh_obj_id__in": reports}
    if tracked._meta.concrete_model._meta.label == "reports.ReportParty":
        return {"report_id__in": reports}
    names = {f.name for f in tracked._meta.concrete_fields}
    if "case" in names:
        return {"case_id": case.pk}
    for fk in tracked._meta.concrete_fields:
        parent = fk.related_model if fk.is_relation else None
        if parent is not None and parent is not Case and "case" in {f.name for f in parent._meta.concrete_fields}:
            return {f"{fk.attname}__in": parent._default_manager.filter(case=case).values("pk")}
    return None


def _display(model_field, raw, *, identities: bool) -> str:
    if raw is None or raw == "":
        return "—"
    if isinstance(model_field, (EncryptedTextField, EncryptedJSONField)):
        # The event tables' copies of the field decrypt on read, like the model's.
        return str(raw) if identities else _("(hidden)")
    if model_field.choices:
        labels = {str(value): str(label) for value, label in model_field.flatchoices}
        return labels.get(str(raw), str(raw))
    if isinstance(model_field, models.BooleanField):
        return _("yes") if raw else _("no")
    return str(raw)


def _changes(tracked, old: dict | None, new: dict, *, identities: bool) -> list[Change]:
    changes = []
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
        encrypted = isinstance(model_field, (EncryptedTextField, EncryptedJSONField))
        old_text = "—" if old is None else _display(model_field, before, identities=identities)
        new_text = _display(model_field, after, identities=identities)
        if encrypted and not identities:
            old_text, new_text = "", _("changed")
        changes.append(Change(str(model_field.verbose_name), old_text, new_text))
    return changes


def _actors(user_ids) -> dict:
    users = get_user_model().objects.filter(pk__in=[u for u in user_ids if u]).prefetch_related("groups")
    out = {}
    for user in users:
        user._idhr_groups = frozenset(g.name for g in user.groups.all())
        name = user.get_full_name() or user.get_username()
        role = ", ".join(sorted(user._idhr_groups)) or (_("administrator") if user.is_superuser else "")
        out[user.pk] = (name, role)
    return out


def case_history(*, case: Case, viewer, limit: int = 2000) -> list[HistoryRow]:
    """Every change to the case and its records, and every move with its reason, oldest first."""
    identities = user_may_see_identities(viewer)
    pending = []
    for event_model, tracked in _event_models():
        lookup = _case_filter(tracked, case)
        if lookup is None:
            continue
        events = (
            event_model.objects.filter(**lookup)
            .select_related("pgh_context")
            .order_by("pgh_obj_id", "pgh_id")[:limit]
        )
        previous: dict = {}
        concrete = [f.attname for f in tracked._meta.concrete_fields]
        for event in events:
            data = {name: getattr(event, name, None) for name in concrete}
            if event.pgh_label == "delete":
                changes = []
            else:
                changes = _changes(tracked, previous.get(event.pgh_obj_id), data, identities=identities)
                if event.pgh_label != "insert" and not changes:
                    previous[event.pgh_obj_id] = data
                    continue
            previous[event.pgh_obj_id] = data
            context = event.pgh_context.metadata if event.pgh_context_id else {}
            pending.append((event, tracked, changes, (context or {}).get("user")))
    actors = _actors({user_id for *_rest, user_id in pending} | set(
        TransitionLog.objects.filter(case=case).values_list("actor_id", flat=True)
    ))
    labels = {"insert": _("added"), "update": _("changed"), "delete": _("removed")}
    rows = [
        HistoryRow(
            at=event.pgh_created_at,
            record=str(tracked._meta.verbose_name).capitalize(),
            object_id=event.pgh_obj_id,
            event=labels.get(event.pgh_label, event.pgh_label),
            actor=actors.get(user_id, ("—", ""))[0],
            actor_role=actors.get(user_id, ("—", ""))[1],
            changes=changes,
        )
        for event, tracked, changes, user_id in pending
    ]
    for move in TransitionLog.objects.filter(case=case):
        rows.append(
            HistoryRow(
                at=move.created_at,
                record=str(_("Status")),
                object_id=case.pk,
                event=str(_("moved")),
                actor=actors.get(move.actor_id, ("—", ""))[0],
                actor_role=actors.get(move.actor_id, ("—", ""))[1],
                changes=[Change(str(_("status")), move.get_from_status_display(), move.get_to_status_display())],
                reason=move.reason,
            )
        )
    rows.sort(key=lambda row: row.at)
    return rows
