"""The formal process on the case page, the dashboard and the daily digest.

The case page shows each open clock: what is due, for whom, why (its basis), the due date,
overdue marked. The dashboard and the digest list clocks overdue or due within two days with
the case reference, the clock's label and the due date only (no names, no content).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseDeadline, CaseRole, Evidence, Hearing, Investigation, Party
from cases.selectors.deadlines import deadline_digest_items
from cases.services.assignments import case_role_assign
from cases.services.hearing import advisor_record, hearing_schedule, relevance_ruling_record

from . import factories

pytestmark = pytest.mark.django_db


def _clock(case, label, due_on, party=None, basis="34 CFR 106.45(b)(5)(vi)"):
    return CaseDeadline.objects.create(
        case=case,
        kind="evidence_response",
        label=label,
        basis=basis,
        start_event="Evidence sent",
        starts_on=due_on - datetime.timedelta(days=10),
        length_days=10,
        due_on=due_on,
        for_whom="respondent",
        party=party,
    )


@pytest.fixture
def hearing_case(manager, investigator):
    case = factories.CaseFactory(case_manager=manager, investigator=investigator, status=Case.Status.INVESTIGATION)
    factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT, name="Jordan Lee")
    factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, name="Alex Morgan")
    investigation = Investigation.objects.create(case=case, investigator=investigator)
    Evidence.objects.create(
        investigation=investigation,
        description="Messages",
        received_on=datetime.date(2026, 10, 1),
        directly_related=True,
    )
    return case


def test_case_page_shows_each_open_clock_with_basis_for_whom_and_overdue(client, manager, hearing_case):
    today = timezone.localdate()
    _clock(hearing_case, "Written response to the evidence: respondent", today - datetime.timedelta(days=1))
    client.force_login(manager)
    page = client.get(reverse("admin:cases_case_change", args=[hearing_case.pk])).content.decode()
    table = page[page.index('id="case-deadlines"') :]
    table = table[: table.index("</table>")]
    assert "Written response to the evidence: respondent" in table
    assert "34 CFR 106.45(b)(5)(vi)" in table
    assert "<td>respondent</td>" in table
    assert "overdue" in table


def _grow(case, actor, n):
    hearing = Hearing.objects.filter(case=case).first()
    for i in range(n):
        party = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT if i % 2 else Party.Role.COMPLAINANT)
        advisor_record(advises=party, name=f"Advisor {i}", actor=actor)
        _clock(case, f"Clock {i}", timezone.localdate() + datetime.timedelta(days=i), party=party)
        relevance_ruling_record(
            hearing=hearing, question_summary=f"Question {i}", asked_for=party, ruling="relevant", actor=actor
        )


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_case_page_query_count_does_not_grow_with_clocks_advisors_or_rulings(client, manager, hearing_case, groups):
    decider = factories.investigator(username="dee")
    case_role_assign(
        case=hearing_case, role=CaseRole.DECISION_MAKER, user=decider, actor=factories.coordinator(username="c")
    )
    hearing = hearing_schedule(
        case=hearing_case,
        scheduled_at=timezone.now() + datetime.timedelta(days=20),
        place="Room 4-231",
        actor=manager,
    )
    assert hearing.pk
    client.force_login(manager)
    url = reverse("admin:cases_case_change", args=[hearing_case.pk])
    _grow(hearing_case, manager, 2)
    few = _queries(client, url)
    _grow(hearing_case, manager, 15)
    many = _queries(client, url)
    assert many == few, (few, many)


def test_dashboard_lists_clocks_overdue_or_due_within_two_days_only(client, coordinator, hearing_case):
    today = timezone.localdate()
    _clock(hearing_case, "Overdue clock", today - datetime.timedelta(days=3))
    _clock(hearing_case, "Due in two days", today + datetime.timedelta(days=2))
    _clock(hearing_case, "Due in three days", today + datetime.timedelta(days=3))
    client.force_login(coordinator)
    page = client.get(reverse("admin:index")).content.decode()
    box = page[page.index('id="process-deadlines"') :]
    box = box[: box.index("</ul>")]
    assert "Overdue clock" in box and "Due in two days" in box
    assert "Due in three days" not in box
    assert hearing_case.reference in box


def test_digest_lists_clocks_by_reference_label_and_date_without_names(manager, coordinator, hearing_case):
    today = datetime.date(2026, 12, 14)
    respondent = Party.objects.get(case=hearing_case, role=Party.Role.RESPONDENT)
    _clock(hearing_case, "Written response to the evidence: respondent", datetime.date(2026, 12, 16), party=respondent)
    _clock(hearing_case, "Later", datetime.date(2026, 12, 17))
    hearing_case.due_on = None
    hearing_case.save(update_fields=["due_on"])
    items = deadline_digest_items(today=today)
    assert items[manager.email] == [
        {
            "reference": hearing_case.reference,
            "stage": "Written response to the evidence: respondent",
            "due": "2026-12-16",
        }
    ]
    assert items[coordinator.email] == items[manager.email]
    assert "Alex Morgan" not in str(items)


def test_a_refused_extension_says_why_and_keeps_what_was_typed(client, manager, hearing_case):
    clock = _clock(hearing_case, "Written response to the evidence: respondent", datetime.date(2026, 12, 16))
    client.force_login(manager)
    response = client.post(
        reverse("admin:cases_case_process", args=[hearing_case.pk, "deadline-extend"]),
        {
            "deadline-extend-deadline": clock.pk,
            "deadline-extend-new_due_on": "2026-12-23",
            "deadline-extend-cause": "absence",
            "deadline-extend-reason": "",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Give the reason for the extension: it goes to both parties." in page
    assert 'value="2026-12-23"' in page
    clock.refresh_from_db()
    assert clock.due_on == datetime.date(2026, 12, 16)


def test_the_earliest_hearing_date_is_never_shown_overdue_nor_sent_in_the_digest(client, manager, hearing_case):
    # The report went out 2026-11-01: no hearing before 2026-11-11. That date passing is not a deadline missed.
    CaseDeadline.objects.create(
        case=hearing_case,
        kind="report_before_hearing",
        label="Earliest hearing date (report sent 2026-11-01)",
        basis="34 CFR 106.45(b)(5)(vii)",
        start_event="Investigation report sent on 2026-11-01",
        starts_on=datetime.date(2026, 11, 1),
        length_days=10,
        due_on=datetime.date(2026, 11, 11),
        extendable=False,
        for_whom="the office",
    )
    hearing_case.due_on = None
    hearing_case.save(update_fields=["due_on"])
    client.force_login(manager)
    page = client.get(reverse("admin:cases_case_change", args=[hearing_case.pk])).content.decode()
    table = page[page.index('id="case-deadlines"') :]
    table = table[: table.index("</table>")]
    assert "Earliest hearing date (report sent 2026-11-01)" in table
    assert "not before" in table
    assert "overdue" not in table
    assert deadline_digest_items(today=datetime.date(2026, 11, 20)) == {}
