"""Reads about the outcome of a case that letters and pages show (106.45(b)(7))."""

from __future__ import annotations

from django.utils import timezone

from ..models import Determination, TimelineEvent

# The timeline events that are not steps of the procedure (private notes, messages, flags).
_NOT_PROCEDURAL = {"note", "message", "flag", "legal_hold", "document", "measure"}


def determination_procedural_steps(*, determination: Determination) -> list[str]:
    """The procedural steps from the complaint to the determination, from the case's timeline
    (106.45(b)(7)(ii)(B)): "date: what happened", oldest first."""
    events = TimelineEvent.objects.filter(case_id=determination.case_id).exclude(kind__in=_NOT_PROCEDURAL)
    if determination.released_at:
        events = events.filter(created_at__lte=determination.released_at)
    steps = []
    for event in events.order_by("created_at", "pk"):
        steps.append(f"{timezone.localtime(event.created_at).date().isoformat()}: {event.summary}")
    return steps
