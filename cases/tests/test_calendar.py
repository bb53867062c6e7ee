"""The deadline calendar (month, week) and the private iCalendar feed."""

import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CalendarFeed, Interview, Investigation

from . import factories

pytestmark = pytest.mark.django_db

MARKER_NAME = "Quillon Marchbanks"


@pytest.fixture
def deadlines(manager, other_manager):
    today = timezone.localdate()
    mine = factories.CaseFactory(
        reference="C-2026-CAL01", case_manager=manager, status="assessment",
        due_on=today + datetime.timedelta(days=2), categories=["stalking"],
    )
    factories.PartyFactory(case=mine, name=MARKER_NAME, email="quillon@example.edu")
    investigation = Investigation.objects.create(case=mine)
    Interview.objects.create(investigation=investigation, interviewed_on=today + datetime.timedelta(days=3))
    factories.CaseFactory(reference="C-2026-CAL02", case_manager=other_manager, due_on=today + datetime.timedelta(days=2))
    factories.CaseFactory(reference="C-2026-CAL03", case_manager=manager, status="closed", due_on=today)
    return mine


def test_the_month_and_week_views_show_my_deadlines_and_interviews(client, manager, deadlines):
    client.force_login(manager)
    today = timezone.localdate()
    due = today + datetime.timedelta(days=2)
    month = client.get(reverse("admin:cases_staffwork_calendar"), {"month": f"{due:%Y-%m}"}).content.decode()
    assert "C-2026-CAL01</a> · Deadline: Assessment" in month
    assert "C-2026-CAL02" not in month and "C-2026-CAL03" not in month
    week = client.get(reverse("admin:cases_staffwork_calendar"), {"week": (today + datetime.timedelta(days=3)).isoformat()})
    entries = [(e["day"], [x.label for x in e["entries"]]) for w in week.context["weeks"] for e in w if e["entries"]]
    assert (today + datetime.timedelta(days=3), ["Interview"]) in entries
    assert MARKER_NAME not in week.content.decode()


def test_the_feed_parses_holds_the_events_and_no_name_or_category(client, manager, deadlines):
    client.force_login(manager)
    made = client.post(reverse("admin:cases_staffwork_calendar_feed"), {"do": "make"})
    url = made.context["feed_url"]
    assert url.startswith("http://testserver/calendar/") and url.endswith(".ics")
    client.logout()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = sorted((str(e["summary"]), e.decoded("dtstart")) for e in calendar.walk("VEVENT"))
    today = timezone.localdate()
    assert events == [
        ("C-2026-CAL01 · Deadline: Assessment", today + datetime.timedelta(days=2)),
        ("C-2026-CAL01 · Interview", today + datetime.timedelta(days=3)),
    ]
    assert str(calendar.walk("VEVENT")[0]["url"]) == f"http://testserver/admin/cases/case/{deadlines.pk}/change/"
    text = response.content.decode()
    for marker in ("Quillon", "Marchbanks", "quillon@example.edu", "stalking", "Stalking"):
        assert marker not in text


def test_the_feed_address_is_secret_and_revocable(client, manager, deadlines):
    client.force_login(manager)
    first = client.post(reverse("admin:cases_staffwork_calendar_feed"), {"do": "make"}).context["feed_url"]
    token = first.rsplit("/", 1)[1].removesuffix(".ics")
    assert token not in CalendarFeed.objects.get(user=manager).token_hash
    second = client.post(reverse("admin:cases_staffwork_calendar_feed"), {"do": "make"}).context["feed_url"]
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    client.post(reverse("admin:cases_staffwork_calendar_feed"), {"do": "revoke"})
    assert client.get(second).status_code == 404
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_a_deactivated_staff_members_feed_stops(client, manager, deadlines):
    client.force_login(manager)
    url = client.post(reverse("admin:cases_staffwork_calendar_feed"), {"do": "make"}).context["feed_url"]
    manager.is_active = False
    manager.save()
    assert client.get(url).status_code == 404


def test_a_busy_day_shows_the_first_eight_and_how_many_more(client, coordinator):
    day = timezone.localdate() + datetime.timedelta(days=1)
    for i in range(11):
        factories.CaseFactory(reference=f"C-2026-BUSY{i:X}", status="outreach", due_on=day)
    client.force_login(coordinator)
    response = client.get(reverse("admin:cases_staffwork_calendar"), {"month": f"{day:%Y-%m}"})
    cell = next(c for w in response.context["weeks"] for c in w if c["day"] == day)
    assert len(cell["entries"]) == 8 and cell["more"] == 3
    assert "and 3 more" in response.content.decode()
