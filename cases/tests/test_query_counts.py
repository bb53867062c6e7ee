"""List and case pages: the query count does not grow with cases, parties or events."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Party, TimelineEvent
from cases.services.documents import case_document_add
from cases.services.triage import case_open_from_report

from . import factories

pytestmark = pytest.mark.django_db


def _queries(client, url):
    client.get(url)  # warm caches (content types, session) so both counts measure the page only
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _populate_case(case, actor, n):
    for i in range(n):
        party = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT if i % 2 else Party.Role.WITNESS)
        factories.SupportiveMeasureFactory(case=case, party=party, created_by=actor)
        factories.CaseNoteFactory(case=case, author=actor)
        TimelineEvent.objects.create(case=case, kind="note", summary=f"Event {i}", actor=actor)
        case_document_add(
            case=case, kind="other", filename=f"f{i}.txt", content_type="text/plain", data=b"x", actor=actor
        )


def _populate_list(manager, investigator, n):
    for _ in range(n):
        case = factories.CaseFactory(case_manager=manager, investigator=investigator)
        factories.PartyFactory(case=case, role=Party.Role.RESPONDENT)


@pytest.mark.parametrize("user_fixture", ["coordinator", "manager"])
def test_case_list_query_count_does_not_grow_with_cases(client, request, manager, investigator, user_fixture):
    user = request.getfixturevalue(user_fixture)
    client.force_login(user)
    url = reverse("admin:cases_case_changelist")
    _populate_list(manager, investigator, 2)
    few = _queries(client, url)
    _populate_list(manager, investigator, 30)
    many = _queries(client, url)
    assert many == few, (few, many)
    filtered = (
        url + "?overdue=no&status__exact=new&is_title_ix__exact=0&category=sexual_harassment&assignee=me"
    )
    assert _queries(client, filtered) <= few + 1


def test_case_page_query_count_does_not_grow_with_parties_measures_or_events(client, case, manager):
    client.force_login(manager)
    url = reverse("admin:cases_case_change", args=[case.pk])
    _populate_case(case, manager, 2)
    few = _queries(client, url)
    _populate_case(case, manager, 20)
    many = _queries(client, url)
    assert many == few, (few, many)


def test_dashboard_query_count_does_not_grow_with_cases(client, coordinator, manager, investigator):
    client.force_login(coordinator)
    _populate_list(manager, investigator, 2)
    few = _queries(client, reverse("admin:index"))
    _populate_list(manager, investigator, 25)
    assert _queries(client, reverse("admin:index")) == few


def test_report_list_query_count_does_not_grow_with_reports(client, coordinator, manager):
    client.force_login(coordinator)
    url = reverse("admin:reports_report_changelist")
    for _ in range(2):
        factories.ReportPartyFactory()
    few = _queries(client, url)
    for _ in range(20):
        report = factories.ReportPartyFactory().report
    case_open_from_report(report=report, actor=manager)
    assert _queries(client, url) == few
