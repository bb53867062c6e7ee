"""A form in progress, held server-side in the session until the final submit.

The default session store is the database, which keeps session data as plain
base64: the draft is therefore stored as one Fernet token (encrypt_str of its
JSON), so no narrative or name sits readable in django_session. Uploaded files
are not in the draft: they wait encrypted in the staging folder and the draft
holds their random names. A draft idle for REPORTS_DRAFT_IDLE_SECONDS is dropped
(with its staged files) the next time it is read.
"""

import json
import secrets
import time
from dataclasses import asdict, dataclass, field
from importlib import import_module

from django.conf import settings

from idhr_portal.crypto import InvalidToken, decrypt_str, encrypt_str

from ..services import StagedFile, receipt_code_new, staged_files_discard

DRAFT_KEY = "reports:draft:{kind}"
RECEIPT_KEY = "reports:receipt"


@dataclass
class Draft:
    kind: str
    # The one-time token of the final submit (also sent in the review form).
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    # Chosen now so that a repeated final submit can show the same receipt; its
    # keyed hash is unique in the database, so the draft can only be filed once.
    receipt_code: str = field(default_factory=receipt_code_new)
    data: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    done: list[str] = field(default_factory=list)
    files: list[dict] = field(default_factory=list)
    updated: float = field(default_factory=time.time)

    @property
    def staged(self) -> list[StagedFile]:
        return [StagedFile(**item) for item in self.files]


def draft_load(request, kind: str) -> Draft | None:
    token = request.session.get(DRAFT_KEY.format(kind=kind))
    if not token:
        return None
    try:
        draft = Draft(**json.loads(decrypt_str(token)))
    except (InvalidToken, ValueError, TypeError):
        request.session.pop(DRAFT_KEY.format(kind=kind), None)
        return None
    if time.time() - draft.updated > settings.REPORTS_DRAFT_IDLE_SECONDS:
        draft_discard(request, draft)
        return None
    return draft


def draft_save(request, draft: Draft) -> None:
    draft.updated = time.time()
    request.session[DRAFT_KEY.format(kind=draft.kind)] = encrypt_str(json.dumps(asdict(draft)))
    if not request.user.is_authenticated:
        # The session (and so the draft) does not outlive an idle draft.
        request.session.set_expiry(settings.REPORTS_DRAFT_IDLE_SECONDS)


def draft_discard(request, draft: Draft) -> None:
    staged_files_discard(staged=draft.staged)
    request.session.pop(DRAFT_KEY.format(kind=draft.kind), None)


def session_finish(request, *, receipt: dict) -> None:
    """After a submit: end the session that held the draft; keep only the receipt to show once.

    A signed-in referrer keeps their sign-in (the session key still changes).
    """
    if request.user.is_authenticated:
        for key in [k for k in request.session.keys() if k.startswith("reports:")]:
            del request.session[key]
        request.session.cycle_key()
    else:
        request.session.flush()
    request.session[RECEIPT_KEY] = encrypt_str(json.dumps(receipt))


def receipt_pop(request) -> dict | None:
    token = request.session.pop(RECEIPT_KEY, None)
    if not token:
        return None
    try:
        return json.loads(decrypt_str(token))
    except (InvalidToken, ValueError):
        return None


def expired_sessions_purge() -> None:
    """Delete every session past its expiry date (the beat task, every 15 minutes).

    Django never deletes an expired database session by itself: without this, an
    abandoned draft (encrypted narrative and names), a follow-up session's link to
    its report and old staff sessions would stay in django_session for ever.
    """
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
