"""When letters about a step of the process actually reached the parties.

A clock the regulation gives a party "to respond" runs from when the party has the material
(34 CFR 106.45(b)(5)(vi)-(vii), (b)(8)(iii)): letters prepared but not sent start nothing.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from ..models import Letter


def regarding_letters(regarding: str) -> list[Letter]:
    """The letters prepared about one step (an evidence review, a report, an appeal)."""
    if not regarding:
        return []
    return list(
        Letter.objects.filter(regarding=regarding)
        .select_related("recipient")
        .only("pk", "sent_at", "recipient__role", "recipient__advises_id", "recipient_id")
        .order_by("pk")
    )


def letters_for_party(letters: list[Letter], party_id: int | None) -> list[Letter]:
    """The letters to a party and to their advisors (all of them when `party_id` is None)."""
    if party_id is None:
        return letters
    return [
        letter for letter in letters if letter.recipient_id == party_id or letter.recipient.advises_id == party_id
    ]


def letters_delivered_on(letters: list[Letter]) -> datetime.date | None:
    """The day the last of these letters was sent, or None while one is unsent (or there are none)."""
    if not letters or any(letter.sent_at is None for letter in letters):
        return None
    return max(timezone.localtime(letter.sent_at).date() for letter in letters)


def unsent_recipient_roles(letters: list[Letter]) -> str:
    """"complainant, respondent's advisor"-style list of who has not been sent their letter yet."""
    return ", ".join(
        sorted({letter.recipient.get_role_display().lower() for letter in letters if letter.sent_at is None})
    )
