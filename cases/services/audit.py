"""The frame of every write: one transaction under a pghistory context naming the
actor, a timeline row saying what happened, the edit check; and the access log of reads.
"""

from __future__ import annotations

import datetime
import functools

import pghistory
from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.selectors.access import case_user_may_edit

from ..models import AccessLog, Case, TimelineEvent


def audited(func):
    """Run a service in one transaction under a pghistory context naming the actor."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        actor = kwargs.get("actor") or kwargs.get("author")
        context = {"user": actor.pk} if actor is not None and actor.pk else {}
        if kwargs.get("by_party") is not None:  # a party acting in the portal (cases.portal)
            context["portal_party"] = kwargs["by_party"].pk
        with pghistory.context(**context), transaction.atomic():
            return func(*args, **kwargs)

    return wrapper


def timeline_event(case: Case, kind: str, summary: str, actor=None) -> TimelineEvent:
    return TimelineEvent.objects.create(case=case, kind=kind, summary=summary[:300], actor=actor)


def ensure_editable(actor, case):
    if not case_user_may_edit(actor, case):
        raise PermissionDenied(_("You may not change this case."))


def ensure_may_act(actor, case, by_party=None):
    """Staff who may edit the case; or, with `by_party` (and no staff actor), a party of this
    case acting for themselves in the portal (the portal's services check what they may do)."""
    if by_party is None:
        ensure_editable(actor, case)
    elif actor is not None or by_party.case_id != case.pk:
        raise PermissionDenied(_("You may not change this case."))


def access_log_record(
    *, user, action: str, obj, ref: str = "", with_identities: bool = False
) -> AccessLog:
    """Who read what, when. Written for every admin read of a case, report or document."""
    return AccessLog.objects.create(
        user=user,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_ref=(ref or getattr(obj, "reference", ""))[:40],
        with_identities=with_identities,
    )


def access_refused_record(*, user, object_type: str, object_id: str, case_id=None) -> AccessLog | None:
    """A staff member asked for something they may not see (issue 18): who, what, when.

    Nothing is recorded for an anonymous request. More than IDHR_REFUSED_ACCESS_ALERT
    refusals of one person within an hour alert the coordinators, once as the count
    passes the limit (a content-free email naming neither the person nor the case).
    """
    if user is None or not user.is_authenticated or not user.is_staff:
        return None
    ref = ""
    if case_id is None and str(object_id).isdigit():  # a letter, a document...: the case it belongs to
        case_id = _case_of(object_type, int(object_id))
    if case_id is not None and str(case_id).isdigit():
        ref = Case.objects.filter(pk=int(case_id)).values_list("reference", flat=True).first() or ""
    row = AccessLog.objects.create(
        user=user,
        action=AccessLog.Action.REFUSED,
        object_type=object_type[:40],
        object_id=str(object_id)[:40],
        object_ref=ref[:40],
    )
    limit = settings.IDHR_REFUSED_ACCESS_ALERT
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    recent = AccessLog.objects.filter(user=user, action=AccessLog.Action.REFUSED, created_at__gt=hour_ago).count()
    if recent == limit + 1:
        from notifications.models import Notification
        from notifications.services import notification_event

        stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
        notification_event(
            event=Notification.Event.REFUSED_ACCESS,
            reference=stamp,
            admin_path=reverse("admin:cases_accesslog_changelist") + "?action__exact=refused",
            object_ref=f"cases.accesslog:{row.pk}",
            context={"limit": limit},
        )
    return row


def _case_of(object_type: str, pk: int):
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return None
    if not any(f.name == "case" for f in model._meta.concrete_fields):
        return None
    return model._default_manager.filter(pk=pk).values_list("case_id", flat=True).first()
