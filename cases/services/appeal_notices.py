"""Telling the office that a party filed an appeal or a written statement in the portal
(34 CFR 106.45(b)(8)): the case manager and the Title IX coordinators get an email that names
the case reference and the kind of step, never its content (notifications app), and the step
is listed in their "My work" (cases.selectors.work) until the appeal is decided.
"""

from __future__ import annotations

from django.urls import reverse

from cases.selectors.access import staff_with_group
from idhr_portal import roles

from ..models import Appeal, Party


def _office_addresses(case) -> list[str]:
    users = [case.case_manager, *staff_with_group(roles.TITLE_IX_COORDINATOR)]
    return sorted({u.email for u in users if u is not None and u.is_active and u.email})


def appeal_staff_notify(*, appeal: Appeal, party: Party, what: str, object_ref: str) -> None:
    """`what`: "appeal" or "statement"; `party` the complainant or respondent it is from."""
    from notifications.models import Notification
    from notifications.services import notification_event

    case = appeal.case
    to = _office_addresses(case)
    if not to:
        return
    notification_event(
        event=Notification.Event.PORTAL_APPEAL_FROM_PARTY,
        reference=case.reference,
        admin_path=reverse("admin:cases_case_change", args=[case.pk]),
        recipients=to,
        context={"role": party.get_role_display().lower(), "what": what},
        object_ref=object_ref,
    )
