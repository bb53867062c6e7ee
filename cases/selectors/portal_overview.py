"""What a party signed in to the portal sees of their case (issue 15, item 7), and their
message thread (item 6).

Only what concerns this party: the stage in plain words; the interviews and meetings they
are invited to, their evidence-review window, the hearing and the appeal deadline; their
own letters; their own supportive measures; whom to contact. Nothing about the other party:
no names, no allegations, no other party's measures, meetings, deadlines or messages. An
advisor sees the dates of the party they advise (they may attend), never their measures.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import CaseDeadline, Hearing, Meeting, Party, PortalMessage, SupportiveMeasure
from ..workflow import Status
from .appeals import case_is_final
from .portal import portal_letters

_CLOSED = (
    gettext_lazy("Closed"),
    gettext_lazy("This case is closed. You can still read your documents and write to the office."),
)
_RECEIVED = (
    gettext_lazy("Received"),
    gettext_lazy("The IDHR Office has received the report and is reviewing it."),
)
# The stage in words a party understands (never the office's internal labels).
STAGE_WORDS = {
    Status.NEW: _RECEIVED,
    Status.OUTREACH: _RECEIVED,
    Status.ASSESSMENT: (
        gettext_lazy("Being assessed"),
        gettext_lazy("The IDHR Office is deciding, with the people involved, how to go forward."),
    ),
    Status.SUPPORTIVE_MEASURES: (
        gettext_lazy("Support"),
        gettext_lazy("The IDHR Office is providing supportive measures. No investigation is under way."),
    ),
    Status.INFORMAL_RESOLUTION: (
        gettext_lazy("Informal resolution"),
        gettext_lazy("The parties have agreed to try to resolve this without an investigation."),
    ),
    Status.INVESTIGATION: (
        gettext_lazy("Investigation"),
        gettext_lazy(
            "A formal investigation is under way. You will get a written notice before every interview, "
            "meeting or hearing you are invited to."
        ),
    ),
    Status.DETERMINATION: (
        gettext_lazy("Decision"),
        gettext_lazy(
            "The investigation is finished. A decision-maker is reaching a determination; "
            "you will receive it in writing."
        ),
    ),
    Status.APPEAL_WINDOW: (
        gettext_lazy("Appeal period"),
        gettext_lazy(
            "The determination has been given to both parties. Either party may appeal until the deadline below."
        ),
    ),
    Status.CLOSED: _CLOSED,
    Status.CLOSED_NO_ACTION: _CLOSED,
    Status.CLOSED_INFORMATION: _CLOSED,
}


def _subject(party: Party) -> Party:
    """Whose dates these are: the party's own, or for an advisor the party they advise."""
    if party.role == Party.Role.ADVISOR and party.advises_id:
        return party.advises
    return party


def _row(on, what, detail="", since=None) -> dict:
    timed = isinstance(on, datetime.datetime)
    key = timezone.localtime(on).isoformat() if timed else on.isoformat()
    return {"on": on, "what": what, "detail": detail, "since": since, "timed": timed, "key": key}


def portal_dates(*, party: Party) -> list[dict]:
    """The dates that concern this party, soonest first: {"on", "what", "detail", "since", "timed"}."""
    subject = _subject(party)
    case_id = party.case_id
    dates = []
    for meeting in Meeting.objects.filter(case_id=case_id, party=subject):
        what = _("Interview") if meeting.kind == Meeting.Kind.INTERVIEW else _("Meeting")
        dates.append(_row(meeting.starts_at, what, meeting.place))
    for hearing in Hearing.objects.filter(case_id=case_id).exclude(status=Hearing.Status.CANCELLED):
        dates.append(_row(hearing.scheduled_at, _("Hearing"), hearing.place))
    wanted = {
        CaseDeadline.Kind.EVIDENCE_RESPONSE: _("Last day to respond in writing to the evidence"),
        CaseDeadline.Kind.APPEAL_STATEMENT: _("Last day for your written statement on the appeal"),
        CaseDeadline.Kind.APPEAL_FILING: _("Last day to appeal"),
    }
    deadlines = CaseDeadline.objects.filter(case_id=case_id, kind__in=list(wanted)).exclude(
        state=CaseDeadline.State.CANCELLED
    )
    # Deadlines for everyone (the appeal window) or for this party; never the other party's.
    for deadline in deadlines.filter(Q(party__isnull=True) | Q(party=subject)):
        since = deadline.starts_on if deadline.kind == CaseDeadline.Kind.EVIDENCE_RESPONSE else None
        dates.append(_row(deadline.due_on, wanted[deadline.kind], since=since))
    return sorted(dates, key=lambda item: item["key"])


def portal_overview(*, party: Party) -> dict:
    case = party.case
    stage, stage_text = STAGE_WORDS.get(case.status, (case.get_status_display(), ""))
    if case_is_final(case):
        stage, stage_text = _("Decision final"), _(
            "The determination is final: no appeal is pending and the time to appeal has ended."
        )
    measures = [] if party.role == Party.Role.ADVISOR else list(SupportiveMeasure.objects.filter(party=party))
    return {
        "stage": stage,
        "stage_text": stage_text,
        "dates": portal_dates(party=party),
        "letters": list(portal_letters(party=party).select_related("receipt")[:5]),
        "measures": measures,
        "contact": case.case_manager,
        "unread": portal_unread_for_party(party=party),
    }


def portal_thread(*, party: Party):
    """The party's own thread with the office, oldest first (never another party's)."""
    return PortalMessage.objects.filter(party=party, case_id=party.case_id).select_related("author")


def portal_unread_for_party(*, party: Party) -> int:
    return PortalMessage.objects.filter(
        party=party, direction=PortalMessage.Direction.FROM_STAFF, read_at__isnull=True
    ).count()


def portal_threads_for_staff(*, case) -> list[dict]:
    """The case page: each party's thread with its message count and unread count (staff side)."""
    rows = (
        PortalMessage.objects.filter(case=case)
        .values("party_id")
        .annotate(
            total=Count("pk"),
            unread=Count("pk", filter=Q(direction=PortalMessage.Direction.FROM_PARTY, read_at__isnull=True)),
        )
    )
    counts = {row["party_id"]: row for row in rows}
    threads = []
    for party in Party.objects.filter(case=case, role__in=("complainant", "respondent", "advisor")):
        row = counts.get(party.pk, {"total": 0, "unread": 0})
        threads.append({"party": party, "total": row["total"], "unread": row["unread"]})
    return threads
