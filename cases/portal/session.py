"""The portal session: which party this browser is signed in as, held encrypted in the session.

The portal keeps to its own keys (PARTY_KEY, PENDING_KEY) and never flushes the session:
a staff member signed into the admin in the same browser stays signed in when a party
signs in or out here, and neither sign-in counts as the other (the portal reads only
PARTY_KEY; the admin reads only Django's auth keys). Signing in or out gives the session
a new id (cycle_key), so a session id seen before cannot be used after.

The token holds the party, the session generation it was opened under (PortalAccount:
"sign out everywhere" raises it) and the time of the last request; a portal session
ends after PORTAL_IDLE_SECONDS without a request. `portal_party` says why a session
ended in `request.portal_signed_out` ("idle", "everywhere"), for the signed-out page.
"""

import json
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY

from idhr_portal.crypto import InvalidToken, decrypt_str, encrypt_str

from ..selectors.portal import portal_party_get
from ..services.portal_account import portal_session_generation

PARTY_KEY = "portal:party"
PENDING_KEY = "portal:pending"


# How long a session cookie outlives the portal's own idle limit (browser without a staff
# sign-in): long enough to tell a returning party they were signed out for inactivity.
AFTER_IDLE_SECONDS = 60 * 60


def _expiry(request, seconds: int) -> None:
    """A browser with no staff sign-in: the session cookie lasts a little longer than the
    portal's own limit. With one, the staff session keeps its own expiry."""
    if SESSION_KEY not in request.session:
        request.session.set_expiry(seconds + AFTER_IDLE_SECONDS)


def _save(request, party_id: int, generation: int) -> None:
    request.session[PARTY_KEY] = encrypt_str(json.dumps({"party": party_id, "gen": generation, "seen": time.time()}))
    _expiry(request, settings.PORTAL_IDLE_SECONDS)


def portal_sign_in(request, party) -> None:
    request.session.pop(PENDING_KEY, None)
    request.session.cycle_key()
    _save(request, party.pk, portal_session_generation(party_id=party.pk))


def portal_end(request) -> None:
    """End this browser's portal session only: the portal's keys go, nothing else."""
    had = request.session.pop(PARTY_KEY, None) or request.session.pop(PENDING_KEY, None)
    request.session.pop(PENDING_KEY, None)
    if had:
        request.session.cycle_key()


def portal_party(request):
    """The signed-in party, or None (no session, idle too long, signed out everywhere, tampered)."""
    token = request.session.get(PARTY_KEY)
    if not token:
        return None
    try:
        state = json.loads(decrypt_str(token))
        party_id, generation, seen = int(state["party"]), int(state["gen"]), float(state["seen"])
    except (InvalidToken, ValueError, TypeError, KeyError):
        portal_end(request)
        return None
    if time.time() - seen > settings.PORTAL_IDLE_SECONDS:
        portal_end(request)
        request.portal_signed_out = "idle"
        return None
    if generation != portal_session_generation(party_id=party_id):
        portal_end(request)
        request.portal_signed_out = "everywhere"
        return None
    party = portal_party_get(party_id=party_id)
    if party is None:
        portal_end(request)
        return None
    _save(request, party.pk, generation)
    return party


def pending_save(request, invitation_id: int) -> None:
    request.session.cycle_key()
    request.session[PENDING_KEY] = encrypt_str(json.dumps({"invitation": invitation_id}))
    _expiry(request, settings.PORTAL_CODE_MINUTES * 60)


def pending_invitation(request) -> int | None:
    token = request.session.get(PENDING_KEY)
    if not token:
        return None
    try:
        return int(json.loads(decrypt_str(token))["invitation"])
    except (InvalidToken, ValueError, TypeError, KeyError):
        return None
