"""The case's history as one chronological record (issue 18): every tracked record of the
case (pghistory event tables), the moves with their reasons, each with the actor's name
and role, old → new values and the reason (how a row reads: cases.selectors.history_values).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pghistory.models
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from idhr_portal.roles import user_may_see_identities

from ..models import Case, CaseReport, LetterReceipt, Party, SanctionOption, TransitionLog
from . import history_values as values
from .history_values import Change


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
    # "insert", "update", "delete" (pghistory's labels) or "move": an added record's
    # values read without an arrow.
    kind: str = ""


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


def _actors(user_ids) -> dict:
    users = get_user_model().objects.filter(pk__in=[u for u in user_ids if u]).prefetch_related("groups")
    out = {}
    for user in users:
        user._idhr_groups = frozenset(g.name for g in user.groups.all())
        name = user.get_full_name() or user.get_username()
        role = ", ".join(sorted(user._idhr_groups)) or (_("administrator") if user.is_superuser else "")
        out[user.pk] = (name, role)
    return out


def _receipt_recipients(raw) -> dict:
    """Who opened or downloaded a letter in the portal: its recipient (by role), for the
    receipts written without a staff member (the portal's own requests)."""
    receipts = {event.pgh_obj_id for event, tracked, *_rest in raw if tracked is LetterReceipt}
    if not receipts:
        return {}
    rows = LetterReceipt.objects.filter(pk__in=receipts).values_list("pk", "letter__recipient__role")
    labels = dict(Party.Role.choices)
    return {pk: str(labels.get(role, role)) for pk, role in rows}


def _by_recipient(tracked, old: dict | None, new: dict) -> bool:
    """A receipt the recipient's portal request wrote: created without the notice email's
    row (staff publishing a letter set it), or only its opened/downloaded times changed."""
    if tracked is not LetterReceipt:
        return False
    if old is None:
        return not new.get("notice_id")
    return {k for k in new if new[k] != old.get(k)} <= {"first_opened_at", "downloaded_at"}


def _case_events(case: Case, limit: int):
    """(event, tracked model, previous values, values, context) of every event of the case's records."""
    for event_model, tracked in _event_models():
        lookup = _case_filter(tracked, case)
        if lookup is None:
            continue
        events = event_model.objects.filter(**lookup).select_related("pgh_context").order_by("pgh_obj_id", "pgh_id")
        bulk = values.BULK_FIELDS.get(tracked._meta.concrete_model._meta.label_lower, ())
        if bulk:  # their ciphertexts, undecrypted
            events = events.defer(*bulk).annotate(**{f"stored_{name}": Cast(name, TextField()) for name in bulk})
        previous: dict = {}
        concrete = [f.attname for f in tracked._meta.concrete_fields if f.name not in bulk]
        for event in events[:limit]:
            data = {name: getattr(event, name, None) for name in concrete}
            data.update({name: getattr(event, f"stored_{name}") for name in bulk})
            context = (event.pgh_context.metadata if event.pgh_context_id else None) or {}
            yield event, tracked, previous.get(event.pgh_obj_id), data, context
            previous[event.pgh_obj_id] = data


def case_history(*, case: Case, viewer, limit: int = 2000) -> list[HistoryRow]:
    """Every change to the case and its records, and every move with its reason, oldest first."""
    identities = user_may_see_identities(viewer)
    raw = list(_case_events(case, limit))
    people = {context.get("user") for *_rest, context in raw}
    for _event, tracked, old, new, _context in raw:
        people |= values.user_ids(tracked, new) | (values.user_ids(tracked, old) if old else set())
    moves = list(TransitionLog.objects.filter(case=case))
    names = _actors(people | {move.actor_id for move in moves})
    if any(tracked._meta.label_lower == "cases.sanction" for _e, tracked, *_rest in raw):
        names.update({("sanction", code): label for code, label in SanctionOption.objects.values_list("code", "label")})
    recipients = _receipt_recipients(raw)
    labels = {"insert": _("added"), "update": _("changed"), "delete": _("removed")}
    rows = []
    for event, tracked, old, new, context in raw:
        changes = [] if event.pgh_label == "delete" else values.changes(
            tracked, old, new, identities=identities, names=names
        )
        if event.pgh_label not in ("insert", "delete") and not changes:
            continue
        actor, role = names.get(context.get("user"), ("—", ""))
        if _by_recipient(tracked, old, new) and event.pgh_obj_id in recipients:
            actor, role = recipients[event.pgh_obj_id], _("party portal")
        rows.append(
            HistoryRow(
                at=event.pgh_created_at,
                record=str(tracked._meta.verbose_name).capitalize(),
                object_id=event.pgh_obj_id,
                event=labels.get(event.pgh_label, event.pgh_label),
                actor=actor,
                actor_role=role,
                changes=changes,
                reason=values.reason(tracked, old, new, context, identities=identities, names=names),
                kind=event.pgh_label,
            )
        )
    for move in moves:
        actor, role = names.get(move.actor_id, ("—", ""))
        rows.append(
            HistoryRow(
                at=move.created_at,
                record=str(_("Status")),
                object_id=case.pk,
                event=str(_("moved")),
                actor=actor,
                actor_role=role,
                changes=[Change(str(_("status")), move.get_from_status_display(), move.get_to_status_display())],
                reason=move.reason,
                kind="move",
            )
        )
    rows.sort(key=lambda row: row.at)
    return rows
