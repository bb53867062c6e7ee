"""Interviews and meetings: scheduling one prepares its written notice to the party invited.

34 CFR 106.45(b)(5)(v): "written notice of the date, time, location, participants, and
purpose of all hearings, investigative interviews, or other meetings, with sufficient
time for the party to prepare to participate". The office's minimum is
settings.PROCESS_MEETING_NOTICE_DAYS calendar days between the day the notice is
prepared and the day of the meeting; a shorter notice is refused unless the party
waived the period in writing (the waiver is a document of the case).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import CaseDocument, Letter, LetterKind, Meeting, TimelineEvent
from .audit import audited, ensure_editable, timeline_event
from .letters import letter_prepare


def meeting_notice_days_before(*, starts_at: datetime.datetime, today: datetime.date | None = None) -> int:
    """Calendar days between today and the meeting's day (local time)."""
    today = today or timezone.localdate()
    return (timezone.localtime(starts_at).date() - today).days


@audited
def meeting_schedule(
    *,
    case,
    kind: str,
    party,
    starts_at: datetime.datetime,
    place: str,
    participants: str,
    purpose: str,
    actor,
    waiver_document: CaseDocument | None = None,
) -> tuple[Meeting, Letter]:
    """Schedule an interview or meeting and prepare its notice for the party invited."""
    ensure_editable(actor, case)
    errors = {}
    if party.case_id != case.pk:
        errors["party"] = _("Choose a party of this case.")
    if kind not in Meeting.Kind.values:
        errors["kind"] = _("Choose an interview or a meeting.")
    for field, value, message in (
        ("place", place, _("Say where it takes place (a room, or how to join a video call).")),
        ("participants", participants, _("List everyone who will take part.")),
        ("purpose", purpose, _("Say what the meeting is for.")),
    ):
        if not (value or "").strip():
            errors[field] = message
    if starts_at <= timezone.now():
        errors["starts_at"] = _("Choose a date and time in the future.")
    if waiver_document is not None and waiver_document.case_id != case.pk:
        errors["waiver_document"] = _("Choose a document of this case.")
    if errors:
        raise ValidationError(errors)
    minimum = settings.PROCESS_MEETING_NOTICE_DAYS
    days = meeting_notice_days_before(starts_at=starts_at)
    if days < minimum and waiver_document is None:
        raise ValidationError(
            {
                "starts_at": _(
                    "The party must have at least %(minimum)s calendar days' notice: this is %(days)s. "
                    "Choose a later date, or attach the party's written waiver of the notice period."
                )
                % {"minimum": minimum, "days": days}
            }
        )
    meeting = Meeting.objects.create(
        case=case,
        kind=kind,
        party=party,
        starts_at=starts_at,
        place=place.strip(),
        participants=participants.strip(),
        purpose=purpose.strip(),
        short_notice_waived=days < minimum,
        waiver_document=waiver_document if days < minimum else None,
        scheduled_by=actor,
    )
    timeline_event(
        case,
        TimelineEvent.Kind.INVESTIGATION,
        _("%(kind)s scheduled with the %(role)s for %(date)s")
        % {
            "kind": meeting.get_kind_display(),
            "role": party.get_role_display().lower(),
            "date": timezone.localtime(starts_at).strftime("%Y-%m-%d %H:%M"),
        },
        actor,
    )
    letter = letter_prepare(
        case=case,
        kind=LetterKind.MEETING,
        recipients=[party],
        actor=actor,
        extra={"meeting": meeting},
        regarding=f"cases.meeting:{meeting.pk}",
    )[0]
    return meeting, letter
