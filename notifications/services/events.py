"""Events: the other apps say *what happened*; this module decides who hears of it.

The email is rendered from templates/notifications/email/<event>.{subject.txt,txt,html}.
Emails carry the kind of event, a reference and a link to the admin: never a
narrative, a party's name or an attachment.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.template.loader import render_to_string

from .. import selectors
from ..models import Notification
from .outbox import DRAFT_EVENTS, EXTERNAL_EVENTS, Event, notification_enqueue
from .recipients import _resolved_recipients

logger = logging.getLogger(__name__)


def notification_event(
    *,
    event: str,
    reference: str,
    admin_path: str = "",
    object_ref: str = "",
    recipients: list[str] | None = None,
    context: dict | None = None,
    exclude: Iterable[str] = (),
) -> Notification | None:
    """Record the notification an event causes (None when nobody is to be told).

    `exclude`: addresses already told of the same thing by another event, so that
    nobody gets two emails for one submission.

    `reference` is a case or report reference, `admin_path` the admin URL path
    staff follow (made absolute with SITE_URL), `context` extra template values
    that must never hold report content. Recipients: the caller's list, else a
    registered resolver's (asked with `object_ref`), else the role defaults.

    Referral outreach (Event.REFERRAL_OUTREACH, recipients=[the impacted person's
    address]) is saved as a draft for a coordinator to review, edit and send.
    """
    if event in DRAFT_EVENTS and object_ref:
        # One draft per referral, whether the caller or the referral alert drafted it.
        existing = selectors.notification_for_object(event=event, object_ref=object_ref)
        if existing is not None:
            return existing
    if event == Event.REFERRAL_SUBMITTED:
        _referral_outreach_draft(reference=reference, admin_path=admin_path, object_ref=object_ref)
    to = recipients if recipients is not None else _resolved_recipients(event, object_ref)
    excluded = {address.casefold() for address in exclude}
    to = [address for address in to if address and address.casefold() not in excluded]
    if not to:
        logger.warning("notification %s for %s has no recipients", event, reference)
        return None
    # People outside the office never get a link into the admin.
    staff_link = admin_path and event not in EXTERNAL_EVENTS
    values = {
        **(context or {}),
        "event": str(event),
        "event_label": Event(event).label,
        "reference": reference,
        "admin_url": f"{settings.SITE_URL}{admin_path}" if staff_link else "",
        "site_url": settings.SITE_URL,
    }
    base = f"notifications/email/{event}"
    subject = " ".join(render_to_string(f"{base}.subject.txt", values).split())
    values["email_subject"] = subject
    return notification_enqueue(
        event=event,
        recipients=to,
        subject=subject,
        body_text=render_to_string(f"{base}.txt", values),
        body_html=render_to_string(f"{base}.html", values),
        object_ref=object_ref,
        reference=reference,
        draft=event in DRAFT_EVENTS,
    )


def _referral_outreach_draft(*, reference: str, admin_path: str, object_ref: str) -> None:
    """A referral also drafts the coordinator's outreach to the impacted person.

    The address comes from the resolver for REFERRAL_OUTREACH (by default, the
    referral's impacted-person email). A caller may instead send the
    REFERRAL_OUTREACH event itself; either way there is one draft per referral.
    """
    if not object_ref:
        return
    notification_event(
        event=Event.REFERRAL_OUTREACH,
        reference=reference,
        admin_path=admin_path,
        object_ref=object_ref,
    )
