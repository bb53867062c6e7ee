"""A returning party's password, password sign-in, and "sign out everywhere" (issue 15).

- A party signed in by link and code may set a password (Django's AUTH_PASSWORD_VALIDATORS;
  only its hash is kept). They sign in with the address the office has for them, found
  by its blind index (Party.email_index). They can then sign
  in with email and password; the link-and-code way stays.
- Password sign-in is rate limited twice: per email address (a cache counter per window,
  PORTAL_PASSWORD_ATTEMPTS) and per client (idhr_portal.client_buckets: no address is
  kept). Every failure reads the same; an unknown address costs a hash like a known one.
  When the cache cannot count, no password is checked.
- "Sign out everywhere" raises the party's session generation: every portal session
  opened before it ends on its next request (cases.portal.session).
- An address that is a party in several cases signs into the newest of them whose
  password matches (one person, one password each case).
"""

from __future__ import annotations

import logging
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from idhr_portal.client_buckets import ClientBuckets
from idhr_portal.crypto import blind_index

from ..models import Party, PortalAccount, TimelineEvent
from .audit import timeline_event

logger = logging.getLogger(__name__)


class PortalSignInLimited(Exception):
    """Too many password attempts for now (or they cannot be counted)."""


def portal_session_generation(*, party_id: int) -> int:
    """The generation a portal session of this party must carry (0 until "sign out everywhere")."""
    return (
        PortalAccount.objects.filter(party_id=party_id).values_list("session_generation", flat=True).first() or 0
    )


def portal_sign_out_everywhere(*, party: Party) -> int:
    """End every portal session of the party (the caller's too)."""
    with transaction.atomic():
        account, _created = PortalAccount.objects.select_for_update().get_or_create(party=party)
        account.session_generation = F("session_generation") + 1
        account.signed_out_everywhere_at = timezone.now()
        account.save(update_fields=["session_generation", "signed_out_everywhere_at"])
    return portal_session_generation(party_id=party.pk)


def portal_password_set(*, party: Party, password: str, confirm: str) -> PortalAccount:
    """Set (or change) the party's portal password; ValidationError({"password"/"confirm": ...})."""
    if not (party.email or "").strip():
        raise ValidationError({"password": _("The office has no email address for you, so a password cannot be set.")})
    like = SimpleNamespace(username="", first_name=party.name or "", last_name="", email=party.email or "")
    validate_password(password, user=like)  # raises ValidationError(list of messages)
    if password != confirm:
        raise ValidationError({"confirm": _("The two passwords are not the same.")})
    with transaction.atomic():
        account, _created = PortalAccount.objects.select_for_update().get_or_create(party=party)
        account.password = make_password(password)
        account.password_set_at = timezone.now()
        account.save(update_fields=["password", "password_set_at"])
        timeline_event(
            party.case,
            TimelineEvent.Kind.PARTY,
            _("%(role)s set a password for the party portal") % {"role": party.get_role_display()},
            None,
        )
    return account


_client_buckets: ClientBuckets | None = None


def _buckets() -> ClientBuckets:
    global _client_buckets
    if _client_buckets is None:
        _client_buckets = ClientBuckets(
            limit=settings.PORTAL_PASSWORD_ATTEMPTS_PER_CLIENT, window_seconds=settings.PORTAL_PASSWORD_WINDOW_SECONDS
        )
    return _client_buckets


def _rate_check(email_index: str, client: str) -> None:
    if not _buckets().hit(client):
        raise PortalSignInLimited
    key = f"portal:password:{email_index}"
    try:
        cache.add(key, 0, timeout=settings.PORTAL_PASSWORD_WINDOW_SECONDS)
        try:
            attempts = cache.incr(key)
        except ValueError:
            attempts = 1
    except Exception as exc:  # the cache is down: refuse rather than check without a limit
        logger.warning("portal password counters unavailable (%s)", type(exc).__name__)
        raise PortalSignInLimited from exc
    if attempts > settings.PORTAL_PASSWORD_ATTEMPTS:
        raise PortalSignInLimited


def portal_password_sign_in(*, email: str, password: str, client: str) -> Party | None:
    """The party this email and password open, or None. Raises PortalSignInLimited."""
    index = blind_index(email or "", kind="email")
    _rate_check(index or "none", client)
    accounts = list(
        PortalAccount.objects.filter(party__email_index=index)
        .exclude(password="")
        .select_related("party__case")
        .order_by("-party__case__created_at", "-party_id")
    ) if index else []
    if not accounts:
        make_password(password)  # the same work as a known address
        return None
    for account in accounts:
        if check_password(password, account.password):
            cache.delete(f"portal:password:{index}")
            return account.party
    return None
