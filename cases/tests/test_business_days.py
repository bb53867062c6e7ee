"""Business days, stage due dates, overdue cases and the formal process's clocks, with dates
written out from a calendar (DESIGN.md: "Deadlines per stage in business days, configurable";
REGULATIONS.md: the unit of each clock is a setting, calendar or business days).

The calendar used below (2026): Wednesday 25 November is the day before Thanksgiving; the
office is closed on Thursday 26 and Friday 27 November (CASE_HOLIDAYS in these tests);
Saturday 28 and Sunday 29 are the weekend.
"""

import datetime

import pytest

from cases.models import Case, CaseDeadline, TimelineEvent
from cases.selectors.deadlines import (
    add_business_days,
    deadline_digest_items,
    overdue_cases,
    stage_due_on,
)
from cases.services.deadlines import deadline_close, deadline_due_on, deadline_open

from . import factories

pytestmark = pytest.mark.django_db
D = datetime.date
S = Case.Status


@pytest.fixture
def thanksgiving(settings):
    settings.CASE_HOLIDAYS = ["2026-11-26", "2026-11-27"]


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (D(2026, 11, 25), 0, D(2026, 11, 25)),  # no days: the same day
        (D(2026, 11, 25), 1, D(2026, 11, 30)),  # Thu, Fri closed, weekend: Monday
        (D(2026, 11, 25), 5, D(2026, 12, 4)),  # Mon 30 .. Fri 4 December
        (D(2026, 11, 26), 1, D(2026, 11, 30)),  # starting on a holiday counts from the next open day
        (D(2026, 11, 28), 1, D(2026, 11, 30)),  # starting on a Saturday
        (D(2026, 11, 20), 5, D(2026, 12, 1)),  # Fri 20: Mon 23, Tue 24, Wed 25, Mon 30, Tue 1 December
    ],
)
def test_business_days_skip_the_weekend_and_the_office_holidays(thanksgiving, start, days, due):
    assert add_business_days(start, days) == due


def test_without_holidays_only_the_weekend_is_skipped(settings):
    settings.CASE_HOLIDAYS = []
    assert add_business_days(D(2026, 11, 25), 1) == D(2026, 11, 26)
    assert add_business_days(D(2026, 11, 25), 5) == D(2026, 12, 2)
    assert add_business_days(D(2026, 11, 27), 1) == D(2026, 11, 30)  # Friday -> Monday
    settings.CASE_HOLIDAYS = ["", "2026-11-26"]  # an empty entry (a trailing comma in the env) is ignored
    assert add_business_days(D(2026, 11, 25), 1) == D(2026, 11, 27)


def test_each_open_stage_is_due_its_configured_business_days_after_it_was_entered(thanksgiving, settings):
    settings.CASE_STAGE_TARGET_BUSINESS_DAYS = {"new": 1, "assessment": 10, "closed": 3}
    assert stage_due_on("new", D(2026, 11, 25)) == D(2026, 11, 30)
    # Ten business days from Wed 25 November: Mon 30, 1, 2, 3, 4, 7, 8, 9, 10, 11 December.
    assert stage_due_on("assessment", D(2026, 11, 25)) == D(2026, 12, 11)
    assert stage_due_on("investigation", D(2026, 11, 25)) is None  # no target set for it
    assert stage_due_on("closed", D(2026, 11, 25)) is None  # a closed case is due nothing


def test_a_case_is_overdue_from_the_day_after_its_due_date_until_it_is_closed(groups):
    due_yesterday = factories.CaseFactory(status=S.ASSESSMENT, due_on=D(2026, 11, 24))
    due_long_ago = factories.CaseFactory(status=S.INVESTIGATION, due_on=D(2026, 11, 2))
    factories.CaseFactory(status=S.ASSESSMENT, due_on=D(2026, 11, 25))  # due today: not yet overdue
    factories.CaseFactory(status=S.ASSESSMENT, due_on=D(2026, 11, 30))
    factories.CaseFactory(status=S.CLOSED, due_on=D(2026, 11, 2))  # closed: never overdue
    overdue = list(overdue_cases(today=D(2026, 11, 25)))
    assert overdue == [due_long_ago, due_yesterday]  # the longest overdue first


def test_the_digest_gives_each_assignee_their_overdue_cases_and_the_coordinators_all(groups):
    factories.coordinator(username="coord", email="coord@idhr.invalid")
    factories.coordinator(username="coord-no-mail", email="")
    manager = factories.case_manager(username="mgr", email="mgr@idhr.invalid")
    investigator = factories.investigator(username="inv", email="inv@idhr.invalid")
    gone = factories.investigator(username="gone", email="gone@idhr.invalid", is_active=False)
    first = factories.CaseFactory(
        reference="C-2026-DIG1", status=S.ASSESSMENT, due_on=D(2026, 11, 20), case_manager=manager, investigator=gone
    )
    factories.CaseFactory(
        reference="C-2026-DIG2", status=S.INVESTIGATION, due_on=D(2026, 11, 24), case_manager=None,
        investigator=investigator,
    )
    factories.CaseFactory(reference="C-2026-DIG3", status=S.ASSESSMENT, due_on=D(2026, 11, 25), case_manager=manager)
    clock = CaseDeadline.objects.create(
        case=first, kind="evidence_response", label="Written response to the evidence", basis="106.45(b)(5)(vi)",
        start_event="Evidence sent", starts_on=D(2026, 11, 13), length_days=10, due_on=D(2026, 11, 23),
        for_whom="Both parties",
    )
    assert clock.state == "open"

    items = deadline_digest_items(today=D(2026, 11, 25))

    one = {"reference": "C-2026-DIG1", "stage": "Assessment", "due": "2026-11-20"}
    two = {"reference": "C-2026-DIG2", "stage": "Formal investigation", "due": "2026-11-24"}
    clock_item = {"reference": "C-2026-DIG1", "stage": "Written response to the evidence", "due": "2026-11-23"}
    assert items == {
        "coord@idhr.invalid": [one, two, clock_item],
        "mgr@idhr.invalid": [one, clock_item],
        "inv@idhr.invalid": [two],
    }


def test_a_clock_runs_in_calendar_or_business_days_as_it_was_set(thanksgiving):
    assert deadline_due_on(starts_on=D(2026, 11, 25), length_days=10, business_days=False) == D(2026, 12, 5)
    assert deadline_due_on(starts_on=D(2026, 11, 25), length_days=5, business_days=True) == D(2026, 12, 4)


def test_opening_a_clock_records_its_due_date_and_basis_on_the_timeline(thanksgiving, case, coordinator):
    clock = deadline_open(
        case=case, kind="evidence_response", label="Written response to the evidence", basis="34 CFR 106.45(b)(5)(vi)",
        start_event="Evidence sent", starts_on=D(2026, 11, 25), length_days=10, for_whom="Both parties",
        actor=coordinator,
    )
    clock.refresh_from_db()
    assert (clock.starts_on, clock.length_days, clock.business_days, clock.due_on) == (
        D(2026, 11, 25), 10, False, D(2026, 12, 5)
    )
    assert (clock.extendable, clock.state, clock.party, clock.regarding) == (True, "open", None, "")
    event = TimelineEvent.objects.filter(case=case, kind=TimelineEvent.Kind.DEADLINE).latest("pk")
    assert event.summary == "Written response to the evidence: due 2026-12-05 (34 CFR 106.45(b)(5)(vi))"
    assert event.actor == coordinator


def test_a_clock_is_closed_once_and_keeps_its_first_closing(case):
    clock = CaseDeadline.objects.create(
        case=case, kind="evidence_response", label="Response", basis="106.45(b)(5)(vi)", start_event="Sent",
        starts_on=D(2026, 11, 13), length_days=10, due_on=D(2026, 11, 23), for_whom="Both parties",
    )
    deadline_close(deadline=clock, state=CaseDeadline.State.MET)
    clock.refresh_from_db()
    assert clock.state == "met" and clock.closed_at is not None
    closed_at = clock.closed_at
    deadline_close(deadline=clock, state=CaseDeadline.State.MISSED)
    clock.refresh_from_db()
    assert (clock.state, clock.closed_at) == ("met", closed_at)
