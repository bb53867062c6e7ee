"""The deadline calendar: every deadline, interview, meeting and hearing of the cases a user may see.

Entries name only the case reference, the kind of date and the admin link: never a
party, a category, a place or a narrative, so the same entries make the private
iCalendar feed (calendar_ics), which leaves the portal for a calendar application.
Hearings and scheduled interviews or meetings (cases.models.Meeting) carry their time;
cancelled hearings are left out.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Case, Hearing, Interview, Meeting
from .access import case_visible_queryset

ENTRY_LIMIT = 2000  # per view or feed: one query each, cut at this many (the coordinator sees all)


@dataclass(frozen=True)
class CalendarEntry:
    day: datetime.date
    kind: str  # "deadline", "interview", "meeting" or "hearing"
    label: str  # "Deadline: Assessment", "Interview", "Meeting", "Hearing"
    reference: str
    case_id: int
    uid: str
    at: datetime.datetime | None = None  # the time of a hearing or meeting (None: all day)

    @property
    def url(self) -> str:
        return reverse("admin:cases_case_change", args=[self.case_id])


def _first_per_day(queryset, day_field: str, per_day: int | None):
    """At most `per_day` rows of each day (a window over the day), or every row."""
    if per_day is None:
        return queryset
    return queryset.annotate(
        _nth=Window(RowNumber(), partition_by=[F(day_field)], order_by=[F("pk").asc()])
    ).filter(_nth__lte=per_day)


def _between(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """From the start of `start` to the start of the day after `end`, in the office's time zone."""
    def midnight(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    return midnight(start), midnight(end + datetime.timedelta(days=1))


def _timed(visible, start, end):
    """Hearings (not cancelled) and meetings of the visible cases from start to end, with their day."""
    since, until = _between(start, end)
    hearings = Hearing.objects.filter(
        case__in=visible, scheduled_at__gte=since, scheduled_at__lt=until
    ).exclude(status=Hearing.Status.CANCELLED).annotate(day=TruncDate("scheduled_at"))
    meetings = Meeting.objects.filter(case__in=visible, starts_at__gte=since, starts_at__lt=until).annotate(
        day=TruncDate("starts_at")
    )
    return hearings, meetings


def calendar_day_counts(*, user, start: datetime.date, end: datetime.date) -> dict[datetime.date, int]:
    """How many entries each day has (for "and N more" when a view shows the first few)."""
    visible = case_visible_queryset(user)
    counts: dict[datetime.date, int] = {}
    for day, n in (
        visible.exclude(status__in=Case.CLOSED_STATUSES).filter(due_on__gte=start, due_on__lte=end)
        .values_list("due_on").annotate(n=Count("pk")).order_by()
    ):
        counts[day] = counts.get(day, 0) + n
    for day, n in (
        Interview.objects.filter(investigation__case__in=visible, interviewed_on__gte=start, interviewed_on__lte=end)
        .values_list("interviewed_on").annotate(n=Count("pk")).order_by()
    ):
        counts[day] = counts.get(day, 0) + n
    for timed in _timed(visible, start, end):
        for day, n in timed.values_list("day").annotate(n=Count("pk")).order_by():
            counts[day] = counts.get(day, 0) + n
    return counts


def calendar_entries(
    *, user, start: datetime.date, end: datetime.date, per_day: int | None = None
) -> list[CalendarEntry]:
    """Entries from `start` to `end` (inclusive), in date order (at most `per_day` of each
    kind a day when given; ENTRY_LIMIT of each kind): four queries."""
    visible = case_visible_queryset(user)
    labels = dict(Case.Status.choices)
    deadlines = _first_per_day(
        visible.exclude(status__in=Case.CLOSED_STATUSES).filter(due_on__gte=start, due_on__lte=end), "due_on", per_day
    )
    entries = [
        CalendarEntry(
            row["due_on"], "deadline", _("Deadline: %(stage)s") % {"stage": labels.get(row["status"], row["status"])},
            row["reference"], row["pk"], f"case-{row['pk']}-due-{row['due_on']:%Y%m%d}",
        )
        for row in deadlines.order_by("due_on", "pk").values("pk", "reference", "status", "due_on")[:ENTRY_LIMIT]
    ]
    interviews = _first_per_day(
        Interview.objects.filter(investigation__case__in=visible, interviewed_on__gte=start, interviewed_on__lte=end),
        "interviewed_on",
        per_day,
    )
    interviews = interviews.order_by("interviewed_on", "pk").values(
        "pk", "interviewed_on", "investigation__case_id", "investigation__case__reference"
    )[:ENTRY_LIMIT]
    entries += [
        CalendarEntry(
            row["interviewed_on"], "interview", _("Interview"), row["investigation__case__reference"],
            row["investigation__case_id"], f"interview-{row['pk']}",
        )
        for row in interviews
    ]
    hearings, meetings = _timed(visible, start, end)
    rows = _first_per_day(hearings, "day", per_day).order_by("scheduled_at", "pk")
    entries += [
        CalendarEntry(
            row["day"], "hearing", _("Hearing"), row["case__reference"], row["case_id"], f"hearing-{row['pk']}",
            at=row["scheduled_at"],
        )
        for row in rows.values("pk", "day", "scheduled_at", "case_id", "case__reference")[:ENTRY_LIMIT]
    ]
    kinds = dict(Meeting.Kind.choices)
    rows = _first_per_day(meetings, "day", per_day).order_by("starts_at", "pk")
    entries += [
        CalendarEntry(
            row["day"], row["kind"], str(kinds.get(row["kind"], row["kind"])), row["case__reference"],
            row["case_id"], f"meeting-{row['pk']}", at=row["starts_at"],
        )
        for row in rows.values("pk", "day", "kind", "starts_at", "case_id", "case__reference")[:ENTRY_LIMIT]
    ]
    return sorted(entries, key=lambda e: (e.day, e.at is not None, e.at or e.day, e.reference, e.kind))


def calendar_weeks(
    start: datetime.date, end: datetime.date, entries: list[CalendarEntry], per_day: int = 8, counts=None
):
    """Weeks (Monday first) of days {day, entries (at most per_day), more} from start to end;
    `counts` (calendar_day_counts) gives each day's total when entries hold only the first few."""
    by_day: dict[datetime.date, list[CalendarEntry]] = {}
    for entry in entries:
        by_day.setdefault(entry.day, []).append(entry)
    first = start - datetime.timedelta(days=start.weekday())
    weeks, day = [], first
    while day <= end:
        week = []
        for _i in range(7):
            items = by_day.get(day, [])
            total = (counts or {}).get(day, len(items))
            week.append({"day": day, "in_range": start <= day <= end, "entries": items[:per_day],
                         "more": max(0, total - min(len(items), per_day))})
            day += datetime.timedelta(days=1)
        weeks.append(week)
    return weeks


def calendar_ics(*, user, today: datetime.date, base_url: str) -> bytes:
    """The iCalendar feed: all-day events, 30 days back to a year ahead; reference, kind, link."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//IDHR Portal//deadlines//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("IDHR deadlines"))
    entries = calendar_entries(
        user=user, start=today - datetime.timedelta(days=30), end=today + datetime.timedelta(days=366)
    )
    for entry in entries:
        event = icalendar.Event()
        event.add("uid", f"{entry.uid}@idhr-portal")
        event.add("summary", f"{entry.reference} · {entry.label}")
        if entry.at is not None:  # a hearing or meeting: its time (no end: the office sets none)
            event.add("dtstart", entry.at.astimezone(datetime.UTC))
        else:
            event.add("dtstart", entry.day)
            event.add("dtend", entry.day + datetime.timedelta(days=1))
        event.add("dtstamp", datetime.datetime.combine(today, datetime.time.min, tzinfo=datetime.UTC))
        event.add("url", base_url + entry.url)
        cal.add_component(event)
    return cal.to_ical()
