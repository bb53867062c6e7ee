"""The frame of every write: one transaction under a pghistory context naming the
actor, a timeline row saying what happened, the edit check; and the access log of reads.
"""

from __future__ import annotations

import functools

import pghistory
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from .. import selectors
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
    if not selectors.case_user_may_edit(actor, case):
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
