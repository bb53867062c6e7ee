"""The party portal's rules: invitations, one-time codes, publishing letters, read receipts.

- An invitation is a single-use link that expires (PORTAL_INVITATION_DAYS); only the
  SHA-256 of its 256-bit token is stored. Using it emails a one-time code
  (PORTAL_CODE_MINUTES, PORTAL_CODE_ATTEMPTS tries), stored as an HMAC; only the right
  code opens a portal session for that one party.
- Emails to parties say only that the office has a document for them, and give a link.
- "Send via portal" publishes letters with `letter_mark_sent(channel=portal)` (a batch only
  all together, in one transaction: visible = `sent_at` set) and queues one content-free
  notice per letter, carrying a fresh invitation link.
- Read receipts: first opened, first downloaded (LetterReceipt); the notice email's
  acceptance by the SMTP server is its outbox row's `sent_at`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from ..models import CaseDeadline, Letter, LetterReceipt, Party, PartyInvitation, TimelineEvent
from .audit import audited, ensure_editable, ensure_may_act, timeline_event
from .deadlines import deadline_close
from .disclosure import disclosure_portal_download
from .letters import letter_mark_sent

PORTAL_ROLES = (Party.Role.COMPLAINANT, Party.Role.RESPONDENT, Party.Role.ADVISOR)


class PortalLinkRefused(Exception):
    """The link cannot be used; `reason` says why, in words for the person."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _code_hash(invitation_id: int, code: str) -> str:
    return salted_hmac("idhr.portal.code", f"{invitation_id}:{code}", algorithm="sha256").hexdigest()


def _invitation_create(*, party: Party, actor) -> tuple[PartyInvitation, str]:
    if party.role not in PORTAL_ROLES:
        raise ValidationError(_("Only a complainant, a respondent or an advisor can be invited to the portal."))
    if not (party.email or "").strip():
        raise ValidationError(_("The office has no email address for this party."))
    token = secrets.token_urlsafe(32)
    invitation = PartyInvitation.objects.create(
        party=party,
        token_hash=_token_hash(token),
        created_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.PORTAL_INVITATION_DAYS),
    )
    return invitation, token


def _link_context(invitation: PartyInvitation, token: str) -> dict:
    return {
        "link": settings.SITE_URL + reverse("portal:invitation", args=[token]),
        "expires": formats.date_format(timezone.localtime(invitation.expires_at), "DATETIME_FORMAT"),
    }


def _notify(*, event: str, party: Party, context: dict, object_ref: str):
    from notifications.services import notification_event

    return notification_event(
        event=event, reference="", recipients=[party.email.strip()], context=context, object_ref=object_ref
    )


@audited
def party_portal_invite(*, party: Party, actor) -> PartyInvitation:
    """Email a party a content-free invitation to the portal (a single-use link that expires)."""
    ensure_editable(actor, party.case)
    invitation, token = _invitation_create(party=party, actor=actor)
    _notify(
        event="portal.invitation",
        party=party,
        context=_link_context(invitation, token),
        object_ref=f"cases.partyinvitation:{invitation.pk}",
    )
    timeline_event(
        party.case,
        TimelineEvent.Kind.LETTER,
        _("%(role)s invited to the party portal") % {"role": party.get_role_display()},
        actor,
    )
    return invitation


def party_portal_link_use(*, token: str) -> PartyInvitation:
    """Use an invitation link (once): email its party a one-time code."""
    now = timezone.now()
    with transaction.atomic():
        invitation = (
            PartyInvitation.objects.select_for_update()
            .select_related("party")
            .filter(token_hash=_token_hash(token))
            .first()
        )
        if invitation is None:
            raise PortalLinkRefused(_("This link is not one the IDHR Office sent, or it was copied incompletely."))
        if invitation.used_at is not None:
            raise PortalLinkRefused(_("This link has already been used. Each link works only once."))
        if invitation.expires_at <= now:
            raise PortalLinkRefused(_("This link has expired."))
        code = f"{secrets.randbelow(10**6):06d}"
        invitation.used_at = now
        invitation.code_hash = _code_hash(invitation.pk, code)
        invitation.code_expires_at = now + timedelta(minutes=settings.PORTAL_CODE_MINUTES)
        invitation.code_attempts = 0
        invitation.save(update_fields=["used_at", "code_hash", "code_expires_at", "code_attempts"])
        _notify(
            event="portal.code",
            party=invitation.party,
            context={"code": code, "minutes": settings.PORTAL_CODE_MINUTES},
            object_ref=f"cases.partyinvitation:{invitation.pk}",
        )
    return invitation


def party_portal_code_verify(*, invitation_id: int, code: str) -> Party | None:
    """The party when `code` is the one emailed for this invitation (still valid); else None.

    Raises PortalLinkRefused when the code has expired or too many wrong codes were typed."""
    now = timezone.now()
    with transaction.atomic():
        invitation = (
            PartyInvitation.objects.select_for_update().select_related("party").filter(pk=invitation_id).first()
        )
        if invitation is None or not invitation.code_hash or invitation.signed_in_at is not None:
            raise PortalLinkRefused(_("This code can no longer be used."))
        if invitation.code_expires_at is None or invitation.code_expires_at <= now:
            raise PortalLinkRefused(_("The code has expired."))
        if invitation.code_attempts >= settings.PORTAL_CODE_ATTEMPTS:
            raise PortalLinkRefused(_("Too many wrong codes were typed."))
        if not hmac.compare_digest(invitation.code_hash, _code_hash(invitation.pk, code.strip())):
            invitation.code_attempts += 1
            invitation.save(update_fields=["code_attempts"])
            return None
        invitation.signed_in_at = now
        invitation.code_hash = ""
        invitation.save(update_fields=["signed_in_at", "code_hash"])
        return invitation.party


@audited
def letter_send_via_portal(*, letters: list[Letter], actor, by_party: Party | None = None) -> list[Letter]:
    """Publish letters in the portal (a batch all at once) and email each recipient a
    content-free notice with a fresh invitation link. `by_party` (actor None): published on a
    party's action in the portal (the other party's notice of their appeal)."""
    for letter in letters:
        ensure_may_act(actor, letter.case, by_party)
        if letter.sent_at is not None:
            raise ValidationError(_("This letter has already been sent."))
        if not (letter.recipient.email or "").strip():
            raise ValidationError(
                _("The office has no email address for the %(role)s: send this letter in person or by post.")
                % {"role": letter.recipient.get_role_display().lower()}
            )
    letter_mark_sent(letters=letters, channel=Letter.Channel.PORTAL, actor=actor, by_party=by_party)
    for letter in letters:
        invitation, token = _invitation_create(party=letter.recipient, actor=actor)
        notice = _notify(
            event="portal.letter",
            party=letter.recipient,
            context=_link_context(invitation, token),
            object_ref=f"cases.letter:{letter.pk}",
        )
        LetterReceipt.objects.update_or_create(letter=letter, defaults={"notice_id": notice.pk if notice else None})
    return letters


def letter_receipt_opened(*, letter: Letter) -> None:
    """Record the first time the recipient opened the letter in the portal."""
    receipt, _created = LetterReceipt.objects.get_or_create(letter=letter)
    LetterReceipt.objects.filter(pk=receipt.pk, first_opened_at__isnull=True).update(first_opened_at=timezone.now())
    letter_follow_up_close(letter=letter)


def letter_follow_up_close(*, letter: Letter) -> None:
    """The recipient opened the letter: its follow-up, if one was raised, is no longer needed."""
    for deadline in CaseDeadline.objects.filter(
        kind=CaseDeadline.Kind.LETTER_FOLLOW_UP, regarding=f"cases.letter:{letter.pk}", state=CaseDeadline.State.OPEN
    ):
        deadline_close(deadline=deadline, state=CaseDeadline.State.CANCELLED)


@transaction.atomic
def letter_receipt_downloaded(*, letter: Letter) -> None:
    """Record the first download of the letter's PDF (opening it too, if not yet recorded),
    and every download as a disclosure to the party (FERPA 99.32)."""
    disclosure_portal_download(letter=letter)
    now = timezone.now()
    receipt, _created = LetterReceipt.objects.get_or_create(letter=letter)
    LetterReceipt.objects.filter(pk=receipt.pk, downloaded_at__isnull=True).update(downloaded_at=now)
    LetterReceipt.objects.filter(pk=receipt.pk, first_opened_at__isnull=True).update(first_opened_at=now)
    letter_follow_up_close(letter=letter)
