"""The private calendar feed URL of a staff member: made, replaced, revoked."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction

from ..models import CalendarFeed


def calendar_feed_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_create(*, user) -> str:
    """A new secret token for the user's feed (any previous URL stops working); shown once."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(user=user, defaults={"token_hash": calendar_feed_token_hash(token)})
    return token


def calendar_feed_revoke(*, user) -> None:
    CalendarFeed.objects.filter(user=user).delete()
