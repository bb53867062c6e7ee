"""The person page: every case and report the user may see where the same person appears."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import AccessLog, CaseReport

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def alex(manager, other_manager):
    """Alex Morgan: respondent in two of the manager's cases, complainant in another's,
    a witness in a report in the intake queue; and a different Alex Morgan elsewhere."""
    first = factories.CaseFactory(reference="C-2026-AAAA1", case_manager=manager)
    second = factories.CaseFactory(reference="C-2026-AAAA2", case_manager=manager)
    hidden = factories.CaseFactory(reference="C-2026-HIDE1", case_manager=other_manager)
    seed = factories.PartyFactory(case=first, role="respondent", name="Alex Morgan", email="alex.morgan@mit.edu")
    factories.PartyFactory(case=second, role="respondent", name="Morgan, Alex", email="")
    factories.PartyFactory(case=hidden, role="complainant", name="Alex Morgan", email="alex.morgan@mit.edu")
    report = factories.ReportFactory(reference="R-QUEUE001", reporter_name="Pat Doe", reporter_email="pat@mit.edu")
    factories.ReportPartyFactory(report=report, role="witness", name="A. Morgan", email="ALEX.MORGAN@mit.edu")
    factories.PartyFactory(case=second, role="witness", name="Alex Morgenstern", email="am@mit.edu")
    return seed


def _page(client, user, subject, pk):
    client.force_login(user)
    return client.get(reverse("admin:cases_person_detail", args=[subject, pk]))


def _rows(response, key):
    return sorted((a.reference, a.role, a.matched_label) for a in response.context[key])


def test_the_person_page_lists_every_visible_case_and_report_with_the_role_in_each(client, manager, alex):
    response = _page(client, manager, "party", alex.pk)
    assert response.status_code == 200
    assert _rows(response, "cases") == [
        ("C-2026-AAAA1", "Respondent", "name, email"),
        ("C-2026-AAAA2", "Respondent", "name"),
    ]
    assert _rows(response, "reports") == [("R-QUEUE001", "Witness", "email")]
    page = response.content.decode()
    assert "C-2026-HIDE1" not in page and "Morgenstern" not in page


def test_the_person_page_logs_a_read_of_each_case_and_report_shown(client, manager, alex):
    _page(client, manager, "party", alex.pk)
    logged = set(AccessLog.objects.filter(user=manager).values_list("object_type", "object_ref", "action"))
    assert logged == {
        ("cases.case", "C-2026-AAAA1", "view"),
        ("cases.case", "C-2026-AAAA2", "view"),
        ("reports.report", "R-QUEUE001", "view"),
    }


def test_the_coordinator_sees_the_other_case_too(client, coordinator, alex):
    response = _page(client, coordinator, "party", alex.pk)
    assert [a.reference for a in response.context["cases"]] == ["C-2026-AAAA1", "C-2026-AAAA2", "C-2026-HIDE1"]


def test_a_person_in_a_case_one_may_not_see_answers_404(client, manager, other_manager, alex):
    response = _page(client, other_manager, "party", alex.pk)
    assert response.status_code == 404
    # Nothing read; the attempt is logged as refused (issue 18).
    assert list(AccessLog.objects.filter(user=other_manager).values_list("action", flat=True)) == ["refused"]


def test_the_bias_response_team_never_gets_a_person_page(client, brt, alex):
    alex.case.shared_with_brt = True
    alex.case.save()
    assert _page(client, brt, "party", alex.pk).status_code == 403


def test_a_search_hit_and_a_report_witness_lead_to_the_same_person(client, manager, alex):
    client.force_login(manager)
    response = client.get(reverse("admin:cases_person_changelist"), {"q": "alex.morgan@mit.edu"})
    hits = response.context["hits"]
    assert sorted(h.reference for h in hits) == ["C-2026-AAAA1", "R-QUEUE001"]
    witness = next(h for h in hits if h.reference == "R-QUEUE001")
    page = client.get(witness.person_url)
    assert sorted(a.reference for a in page.context["cases"]) == ["C-2026-AAAA1"]


def test_the_case_page_links_each_party_to_the_person_page(client, manager, alex):
    client.force_login(manager)
    page = client.get(reverse("admin:cases_case_change", args=[alex.case_id])).content.decode()
    assert reverse("admin:cases_person_detail", args=["party", alex.pk]) in page


def test_the_person_page_reads_a_fixed_number_of_queries(client, manager, alex):
    def another_case_and_report():
        case = factories.CaseFactory(case_manager=manager)
        factories.PartyFactory(case=case, name="Alex Morgan", email="")
        report = factories.ReportFactory(reporter_name="Alex Morgan", reporter_email="")
        CaseReport.objects.create(case=case, report=report, linked_by=manager)

    client.force_login(manager)
    url = reverse("admin:cases_person_detail", args=["party", alex.pk])
    another_case_and_report()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _n in range(6):
        another_case_and_report()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["cases"]) == 9
    assert len(response.context["reports"]) == 8
    assert len(many) == len(few)
