"""The portal session: which party this browser is signed in as, held encrypted in the session."""

import json
import time

from django.conf import settings

from idhr_portal.crypto import InvalidToken, decrypt_str, encrypt_str

from ..selectors.portal import portal_party_get

PARTY_KEY = "portal:party"
PENDING_KEY = "portal:pending"


def _save(request, party_id: int) -> None:
    request.session[PARTY_KEY] = encrypt_str(json.dumps({"party": party_id, "seen": time.time()}))
    request.session.set_expiry(settings.PORTAL_IDLE_SECONDS)


def portal_sign_in(request, party) -> None:
    request.session.flush()
    _save(request, party.pk)


def portal_party(request):
    """The signed-in party, or None (no session, idle too long, or tampered)."""
    token = request.session.get(PARTY_KEY)
    if not token:
        return None
    try:
        state = json.loads(decrypt_str(token))
        party_id, seen = int(state["party"]), float(state["seen"])
    except (InvalidToken, ValueError, TypeError, KeyError):
        request.session.flush()
        return None
    if time.time() - seen > settings.PORTAL_IDLE_SECONDS:
        request.session.flush()
        return None
    party = portal_party_get(party_id=party_id)
    if party is None:
        request.session.flush()
        return None
    _save(request, party.pk)
    return party


def pending_save(request, invitation_id: int) -> None:
    request.session.cycle_key()
    request.session[PENDING_KEY] = encrypt_str(json.dumps({"invitation": invitation_id}))
    request.session.set_expiry(settings.PORTAL_CODE_MINUTES * 60)


def pending_invitation(request) -> int | None:
    token = request.session.get(PENDING_KEY)
    if not token:
        return None
    try:
        return int(json.loads(decrypt_str(token))["invitation"])
    except (InvalidToken, ValueError, TypeError, KeyError):
        return None
