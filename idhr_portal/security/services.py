"""Writes of the sign-in security module."""
from django.db import transaction
from django.db.models import F

from .models import SessionGeneration


def session_generation_current(*, user_id: int) -> int:
    """The generation a session of this account must carry (0 until the first sign-out)."""
    return (
        SessionGeneration.objects.filter(user_id=user_id).values_list("generation", flat=True).first()
        or 0
    )


def session_generation_bump(*, user_id: int) -> int:
    """End every session of the account: the sessions still carry the old value."""
    with transaction.atomic():
        updated = SessionGeneration.objects.filter(user_id=user_id).update(generation=F("generation") + 1)
        if not updated:
            SessionGeneration.objects.get_or_create(user_id=user_id, defaults={"generation": 1})
    return session_generation_current(user_id=user_id)
