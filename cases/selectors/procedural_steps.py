"""The procedural steps a written determination describes (34 CFR 106.45(b)(7)(ii)(B)):
"from the receipt of the formal complaint through the determination, including any
notifications to the parties, interviews with parties and witnesses, site visits, methods
used to gather other evidence, and hearings held".

Each step is dated by when it happened (the complaint's signature, the day a notice was
sent, the interview's date, the day evidence was received, the hearing's date), read from
the records of those steps, never from when an entry was made; internal bookkeeping (staff
assigned, documents uploaded, notes) is not a step of the procedure. The office has no
separate record of site visits: a visit is recorded as evidence gathered, and listed so.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from ..models import (
    Determination,
    Evidence,
    EvidenceReview,
    Hearing,
    Interview,
    InvestigationReport,
    Letter,
    LetterKind,
    Meeting,
    Party,
)


def _role(party: Party | None) -> str:
    return party.get_role_display().lower() if party is not None else _("a witness")


def _roles(parties) -> str:
    """"the complainant and the respondent" (advisors after them)."""
    order = [Party.Role.COMPLAINANT, Party.Role.RESPONDENT, Party.Role.ADVISOR]
    found = {p.role for p in parties}
    roles = [role for role in order if role in found] + sorted(role for role in found if role not in order)
    labels = [_("the %(role)s") % {"role": str(Party.Role(role).label).lower()} for role in roles]
    if len(labels) > 1:
        return _("%(first)s and %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}
    return labels[0] if labels else ""


def _complaint_steps(case) -> list[tuple[datetime.date, int, str]]:
    steps = []
    try:
        from reports.models import FormalComplaint
    except ImportError:  # pragma: no cover - the reports app is always installed
        FormalComplaint = None
    if FormalComplaint is not None:
        for signed_on in FormalComplaint.objects.filter(report__case_link__case=case).values_list(
            "signed_on", flat=True
        ):
            steps.append((signed_on, 0, _("Formal complaint received, signed by the complainant")))
    if case.coordinator_signed_complaint_at:
        steps.append((
            timezone.localtime(case.coordinator_signed_complaint_at).date(), 0,
            _("Formal complaint signed by the Title IX coordinator"),
        ))
    return steps


def _notice_steps(case) -> list[tuple[datetime.date, int, str]]:
    by_day: dict[datetime.date, list[Party]] = {}
    letters = Letter.objects.filter(case=case, kind=LetterKind.ALLEGATIONS, sent_at__isnull=False)
    for letter in letters.select_related("recipient"):
        by_day.setdefault(timezone.localtime(letter.sent_at).date(), []).append(letter.recipient)
    return [
        (day, 1, _("Written notice of the allegations sent to %(roles)s") % {"roles": _roles(parties)})
        for day, parties in by_day.items()
    ]


def _investigation_steps(case) -> list[tuple[datetime.date, int, str]]:
    steps = []
    interviewed = set()
    for interview in Interview.objects.filter(investigation__case=case).select_related("party"):
        interviewed.add((interview.party_id, interview.interviewed_on))
        steps.append((interview.interviewed_on, 2, _("Interview of the %(role)s") % {"role": _role(interview.party)}
                      if interview.party else _("Interview of a witness")))
    for meeting in Meeting.objects.filter(case=case, kind=Meeting.Kind.INTERVIEW).select_related("party"):
        day = timezone.localtime(meeting.starts_at).date()
        if (meeting.party_id, day) not in interviewed and day <= timezone.localdate():
            steps.append((day, 2, _("Interview of the %(role)s") % {"role": _role(meeting.party)}))
    for item in Evidence.objects.filter(investigation__case=case, directly_related=True):
        steps.append((item.received_on, 3, _("Evidence gathered: %(what)s")
                      % {"what": Truncator(item.description).chars(160)}))
    for review in EvidenceReview.objects.filter(case=case):
        steps.append((review.sent_on, 4, _(
            "Evidence directly related to the allegations sent to both parties and their advisors for review")))
    for report in InvestigationReport.objects.filter(case=case, sent_on__isnull=False):
        steps.append((report.sent_on, 5, _("Investigation report sent to both parties and their advisors")))
    return steps


def _hearing_steps(case) -> list[tuple[datetime.date, int, str]]:
    steps = []
    for hearing in Hearing.objects.filter(case=case).exclude(status=Hearing.Status.CANCELLED):
        steps.append((hearing.notice_on, 6, _("Written notice of the hearing sent to both parties")))
        if hearing.status == Hearing.Status.HELD:
            held = timezone.localtime(hearing.held_at or hearing.scheduled_at)
            where = hearing.place or (_("by video") if hearing.video_link else "")
            text = (_("Live hearing held at %(time)s, %(place)s") % {"time": held.strftime("%H:%M"), "place": where}
                    if where else _("Live hearing held at %(time)s") % {"time": held.strftime("%H:%M")})
            steps.append((held.date(), 7, text))
    return steps


def determination_procedural_steps(*, determination: Determination) -> list[str]:
    """The steps from the formal complaint to the determination, oldest first: "date: step"."""
    case = determination.case
    until = determination.decided_on
    steps = [
        *_complaint_steps(case), *_notice_steps(case), *_investigation_steps(case), *_hearing_steps(case),
    ]
    kept = sorted((step for step in steps if step[0] is not None and step[0] <= until), key=lambda s: (s[0], s[1]))
    return [f"{date_format(day, 'F j, Y')}: {text}" for day, _order, text in kept]
