"""Defects found by walking whole cases through the portal (issue 24, item 4), each with the
behaviour a person sees: a party as their own advisor, the hearing record page, the
investigation's notice date, a report's Clery Act classification after triage."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseRole, Hearing, Investigation, Party, StatisticsYear
from cases.services.assignments import case_role_assign
from cases.services.classification import clery_classification_save
from cases.services.hearing import advisor_record
from cases.services.letters import letter_prepare
from cases.services.parties import party_save
from cases.services.portal import letter_send_via_portal
from cases.services.triage import case_open_from_report
from cases.services.workflow import case_transition
from cases.statistics.summary import statistics_summary_refresh
from idhr_portal import roles

from . import factories

pytestmark = pytest.mark.django_db


# --- A party cannot be their own advisor ------------------------------------------------------


def test_a_party_cannot_be_recorded_as_their_own_advisor(case, manager):
    complainant = factories.PartyFactory(
        case=case, role=Party.Role.COMPLAINANT, name="Jordan Lee", email="jordan.lee@example.edu"
    )
    with pytest.raises(ValidationError) as refused:
        advisor_record(advises=complainant, name="Jordan  lee", email="", actor=manager)
    assert refused.value.message_dict["advises"] == [
        "A party cannot be their own advisor (34 CFR 106.45(b)(5)(iv)): the advisor is another person, "
        "of the party's choice or appointed by the office."
    ]
    with pytest.raises(ValidationError):
        advisor_record(advises=complainant, name="J. Lee", email="Jordan.Lee@example.edu", actor=manager)
    assert not Party.objects.filter(case=case, role=Party.Role.ADVISOR).exists()
    # The party's own record turned into an advisor of itself: refused the same way.
    complainant.role, complainant.advises = Party.Role.ADVISOR, complainant
    with pytest.raises(ValidationError) as refused:
        party_save(party=complainant, actor=manager)
    assert "cannot be their own advisor" in refused.value.message_dict["advises"][0]
    advisor = advisor_record(
        advises=Party.objects.get(pk=complainant.pk), name="Sam Rivera", actor=manager
    )
    assert advisor.advises_id == complainant.pk


def test_the_case_page_says_so_beside_the_field(client, case, manager):
    case.status = Case.Status.INVESTIGATION
    case.save(update_fields=["status"])
    complainant = factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT, name="Jordan Lee")
    client.force_login(manager)
    page = client.post(
        reverse("admin:cases_case_process", args=[case.pk, "advisor"]),
        {"advisor-advises": complainant.pk, "advisor-name": "Jordan Lee"},
    )
    assert page.status_code == 200
    assert "A party cannot be their own advisor" in page.content.decode()
    assert 'value="Jordan Lee"' in page.content.decode()  # what was typed is kept


# --- The hearing record page ------------------------------------------------------------------


@pytest.fixture
def hearing(case, manager, coordinator):
    case.status = Case.Status.INVESTIGATION
    case.save(update_fields=["status"])
    decider = factories.staff(roles.INVESTIGATOR, username="dee")
    case_role_assign(case=case, role=CaseRole.DECISION_MAKER, user=decider, actor=coordinator)
    return Hearing.objects.create(
        case=case,
        scheduled_at=timezone.now() + datetime.timedelta(days=20),
        place="Building 10, room 105",
        notice_on=timezone.localdate(),
        scheduled_by=manager,
    )


@pytest.mark.parametrize("username", ["coord", "dee", "manager", "invest"])
def test_the_hearing_record_opens_for_the_coordinator_the_decision_maker_and_the_case_staff(
    client, hearing, username
):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))
    page = client.get(reverse("admin:cases_hearing_change", args=[hearing.pk]))
    assert page.status_code == 200
    assert "Building 10, room 105" in page.content.decode()


def test_the_hearing_record_stays_closed_to_others(client, hearing, brt):
    url = reverse("admin:cases_hearing_change", args=[hearing.pk])
    others = [
        factories.investigator(username="other"),  # not on this case
        brt,
        factories.staff(roles.RESPONSIBLE_EMPLOYEE, username="re"),
    ]
    for user in others:
        client.force_login(user)
        page = client.get(url)
        assert page.status_code in (302, 403, 404), user.username
        assert "Building 10, room 105" not in page.content.decode()


# --- The notice of allegations sent through the portal, before the investigation opens ----------


def test_the_investigation_shows_the_day_the_notices_were_sent_through_the_portal(case, manager):
    complainant = factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT)
    respondent = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT)
    case.status, case.coordinator_signed_complaint_at = Case.Status.ASSESSMENT, timezone.now()
    case.save(update_fields=["status", "coordinator_signed_complaint_at"])
    letters = letter_prepare(
        case=case, kind="allegations", recipients=[complainant, respondent], actor=manager
    )
    letter_send_via_portal(letters=letters, actor=manager)
    case_transition(
        case=case, to=Case.Status.INVESTIGATION, actor=manager, reason="Formal complaint signed",
        response_basis="Measures offered the same day",
    )
    investigation = Investigation.objects.get(case=case)
    assert investigation.notice_of_allegations_on == timezone.localdate()


# --- A report's Clery Act classification, after the report is added to a case -------------------


def test_a_report_classified_at_triage_is_counted_once_it_is_in_a_case(client, coordinator):
    report = factories.ReportFactory()
    clery_classification_save(
        actor=coordinator, report=report, offense="stalking", geography="on_campus", incident_year=2025
    )
    case = case_open_from_report(report=report, actor=coordinator)
    client.force_login(coordinator)
    page = client.get(reverse("admin:reports_report_change", args=[report.pk])).content.decode()
    panel = page[page.index('id="clery-classification"'):][:800]
    assert "Not classified yet." not in panel
    assert "Stalking" in panel and "On campus" in panel and "2025" in panel
    statistics_summary_refresh()
    assert StatisticsYear.objects.get(year=2025).figures["clery"] == {"stalking": {"on_campus": 1}}
    assert case.clery_classification.offense == "stalking"
