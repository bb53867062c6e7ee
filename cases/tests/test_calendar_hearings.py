"""Hearings, interviews and meetings on the deadline calendar and in the private feed (issue 16, item 6):
an event carries the case reference, the kind and the admin link, never a name, category or place."""

import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Hearing, Meeting

from . import factories

pytestmark = pytest.mark.django_db

MARKERS = ("Quillon", "Marchbanks", "quillon@example.edu", "Zephyr Hall", "Room 7Q", "Vantablack", "stalking", "Stalking")


def _at(days, hour, minute=0):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def hearing_case(manager, other_manager):
    case = factories.CaseFactory(
        reference="C-2026-HEAR1", case_manager=manager, status="determination", due_on=None, categories=["stalking"]
    )
    party = factories.PartyFactory(case=case, name="Quillon Marchbanks", email="quillon@example.edu")
    Hearing.objects.create(
        case=case, scheduled_at=_at(4, 14, 30), place="Zephyr Hall", notice_on=timezone.localdate(),
        scheduled_by=manager,
    )
    Hearing.objects.create(
        case=case, scheduled_at=_at(5, 9), place="Zephyr Hall", notice_on=timezone.localdate(),
        scheduled_by=manager, status=Hearing.Status.CANCELLED,
    )
    Meeting.objects.create(
        case=case, kind=Meeting.Kind.INTERVIEW, party=party, starts_at=_at(6, 10), place="Room 7Q",
        participants="Quillon Marchbanks, Vantablack", purpose="Interview about Vantablack", scheduled_by=manager,
    )
    theirs = factories.CaseFactory(reference="C-2026-HEAR2", case_manager=other_manager, due_on=None)
    Hearing.objects.create(
        case=theirs, scheduled_at=_at(4, 11), place="Elsewhere", notice_on=timezone.localdate(),
        scheduled_by=other_manager,
    )
    return case


def _week(client, days):
    day = timezone.localdate() + datetime.timedelta(days=days)
    response = client.get(reverse("admin:cases_staffwork_calendar"), {"week": day.isoformat()})
    entries = [(e.reference, e.label, e.at) for w in response.context["weeks"] for c in w for e in c["entries"]]
    return entries, response.content.decode()


def test_the_week_view_shows_the_hearing_and_the_interview_with_their_time_and_nothing_else(
    client, manager, hearing_case
):
    client.force_login(manager)
    entries, page = _week(client, 4)
    assert ("C-2026-HEAR1", "Hearing", _at(4, 14, 30)) in entries
    assert [e for e in entries if e[2] == _at(5, 9)] == []  # the cancelled hearing
    assert "C-2026-HEAR1</a> · 14:30 Hearing" in page
    assert "C-2026-HEAR2" not in page
    entries, page_6 = _week(client, 6)
    assert ("C-2026-HEAR1", "Interview", _at(6, 10)) in entries
    assert "C-2026-HEAR1</a> · 10:00 Interview" in page_6
    for marker in MARKERS:
        assert marker not in page and marker not in page_6


def test_the_month_view_shows_hearings(client, manager, hearing_case):
    client.force_login(manager)
    day = timezone.localdate() + datetime.timedelta(days=4)
    page = client.get(reverse("admin:cases_staffwork_calendar"), {"month": f"{day:%Y-%m}"}).content.decode()
    assert "C-2026-HEAR1</a> · 14:30 Hearing" in page


def test_the_feed_holds_the_hearing_and_the_interview_with_their_time_and_no_name_category_or_place(
    client, manager, hearing_case
):
    client.force_login(manager)
    url = client.post(reverse("admin:cases_staffwork_calendar_feed"), {"do": "make"}).context["feed_url"]
    client.logout()
    response = client.get(url)
    calendar = icalendar.Calendar.from_ical(response.content)
    events = sorted(
        (str(e["summary"]), e.decoded("dtstart"), str(e["url"])) for e in calendar.walk("VEVENT")
    )
    link = f"http://testserver/admin/cases/case/{hearing_case.pk}/change/"
    assert events == [
        ("C-2026-HEAR1 · Hearing", _at(4, 14, 30), link),
        ("C-2026-HEAR1 · Interview", _at(6, 10), link),
    ]
    text = response.content.decode()
    for marker in MARKERS:
        assert marker not in text
    assert "LOCATION" not in text and "DESCRIPTION" not in text
