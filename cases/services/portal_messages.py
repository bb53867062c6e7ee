"""Messages between a party and the IDHR Office in the portal (issue 15, item 6).

- One thread per party: a complainant, respondent or advisor writes only in their own,
  and the office answers there; nobody else's messages are ever in it.
- Bodies are encrypted at rest (PortalMessage.body, like reporter messages).
- The email to the other side says only that there is a new message, with a link: to
  the party a fresh single-use invitation link (as letter notices carry), to staff the
  case page in the admin. Never the message, a name or the case's content.
- `read_at`: the first time the other side read it (the party's thread page; the staff
  thread page in the admin), which drives the unread indicator on the case page.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.selectors.access import staff_with_group
from idhr_portal import roles
from reports.services.message_body import message_body_clean

from ..models import Party, PortalMessage, TimelineEvent
from .audit import audited, ensure_editable, timeline_event
from .portal import PORTAL_ROLES, _invitation_create, _link_context, _notify


def _staff_addresses(case) -> list[str]:
    """The case's assigned staff; when none is assigned, the Title IX coordinators."""
    users = [case.case_manager, case.investigator]
    found = sorted({u.email for u in users if u is not None and u.is_active and u.email})
    return found or sorted({u.email for u in staff_with_group(roles.TITLE_IX_COORDINATOR) if u.email})


def portal_message_from_party(*, party: Party, body: str) -> PortalMessage:
    """A party's message to the office; the case's assigned staff get a content-free email."""
    body = message_body_clean(body)
    if party.role not in PORTAL_ROLES:
        raise ValidationError({"body": _("Only complainants, respondents and advisors can send messages here.")})
    case = party.case
    with transaction.atomic():
        message = PortalMessage.objects.create(
            case=case, party=party, direction=PortalMessage.Direction.FROM_PARTY, body=body
        )
        timeline_event(
            case,
            TimelineEvent.Kind.PORTAL_MESSAGE,
            _("Message from the %(role)s in the party portal") % {"role": party.get_role_display().lower()},
            None,
        )
        to = _staff_addresses(case)
        if to:
            from notifications.services import notification_event

            notification_event(
                event="portal.message_from_party",
                reference=case.reference,
                admin_path=reverse("admin:cases_case_portal_thread", args=[case.pk, party.pk]),
                recipients=to,
                context={"role": party.get_role_display().lower()},
                object_ref=f"cases.portalmessage:{message.pk}",
            )
    return message


@audited
def portal_message_from_staff(*, party: Party, author, body: str) -> PortalMessage:
    """The office's message to a party; the party gets a content-free email with a fresh link."""
    ensure_editable(author, party.case)
    body = message_body_clean(body)
    if party.role not in PORTAL_ROLES:
        raise ValidationError({"body": _("Only complainants, respondents and advisors can be written to here.")})
    if not (party.email or "").strip():
        raise ValidationError({"body": _("The office has no email address for this party.")})
    with transaction.atomic():
        message = PortalMessage.objects.create(
            case=party.case, party=party, direction=PortalMessage.Direction.FROM_STAFF, body=body, author=author
        )
        timeline_event(
            party.case,
            TimelineEvent.Kind.PORTAL_MESSAGE,
            _("Message to the %(role)s in the party portal") % {"role": party.get_role_display().lower()},
            author,
        )
        invitation, token = _invitation_create(party=party, actor=author)
        _notify(
            event="portal.message",
            party=party,
            context=_link_context(invitation, token),
            object_ref=f"cases.portalmessage:{message.pk}",
        )
    return message


def portal_messages_read(*, party: Party, direction: str) -> int:
    """Mark the thread's messages in `direction` read (the other side has now seen them)."""
    return PortalMessage.objects.filter(party=party, direction=direction, read_at__isnull=True).update(
        read_at=timezone.now()
    )
