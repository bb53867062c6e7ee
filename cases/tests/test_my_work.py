"""My work, the coordinator's caseload per staff member, and bulk assignment."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseReport, TimelineEvent
from reports.models import ReporterMessage

from . import factories

pytestmark = pytest.mark.django_db


def _case(ref, manager, status="assessment", due_in=10, **kwargs):
    return factories.CaseFactory(
        reference=ref, case_manager=manager, status=status,
        due_on=timezone.localdate() + datetime.timedelta(days=due_in), **kwargs
    )


def test_my_work_lists_my_open_cases_by_stage_due_and_overdue(client, manager, other_manager):
    _case("C-2026-LATE1", manager, due_in=-2)
    _case("C-2026-SOON1", manager, due_in=3, status="outreach")
    _case("C-2026-LATER", manager, due_in=30)
    _case("C-2026-DONE1", manager, status="closed", due_in=-9)
    _case("C-2026-OTHER", other_manager, due_in=-2)
    client.force_login(manager)
    response = client.get(reverse("admin:cases_staffwork_changelist"))
    work = response.context["work"]
    assert [(r["label"], r["count"]) for r in work["by_stage"]] == [("Assessment", 2), ("Outreach", 1)]
    assert [c.reference for c in work["overdue"]] == ["C-2026-LATE1"]
    assert [c.reference for c in work["due_soon"]] == ["C-2026-SOON1"]
    assert "C-2026-OTHER" not in response.content.decode()


def test_my_work_shows_reporters_messages_waiting_for_an_answer(client, manager):
    waiting, answered = _case("C-2026-WAIT1", manager), _case("C-2026-ANSW1", manager)
    for case, staff_replied in ((waiting, False), (answered, True)):
        report = factories.ReportFactory()
        CaseReport.objects.create(case=case, report=report, linked_by=manager)
        ReporterMessage.objects.create(report=report, direction="from_reporter", body="Any news?")
        if staff_replied:
            ReporterMessage.objects.create(report=report, direction="from_staff", body="Yes", author=manager)
    client.force_login(manager)
    work = client.get(reverse("admin:cases_staffwork_changelist")).context["work"]
    assert [link.case.reference for link in work["unanswered"]] == ["C-2026-WAIT1"]


def test_my_work_reads_a_fixed_number_of_queries(client, manager):
    client.force_login(manager)
    url = reverse("admin:cases_staffwork_changelist")
    _case("C-2026-FIRST", manager, due_in=-1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(8):
        _case(f"C-2026-MORE{i}", manager, due_in=(-1 if i % 2 else 2), status=["outreach", "assessment"][i % 2])
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_coordinator_sees_each_persons_caseload(client, coordinator, manager, other_manager, investigator):
    _case("C-2026-M1AAA", manager, due_in=-1, investigator=investigator)
    _case("C-2026-M1BBB", manager, due_in=2)
    _case("C-2026-M2AAA", other_manager, due_in=20)
    _case("C-2026-NOONE", None, due_in=1)
    client.force_login(coordinator)
    rows = client.get(reverse("admin:cases_staffwork_caseload")).context["rows"]
    table = {(r["user"].username if r["user"] else None): (r["manager"].get("n", 0), r["investigator"].get("n", 0),
                                                           r["total"]["due_week"], r["total"]["overdue"]) for r in rows}
    assert table["manager"] == (2, 0, 1, 1)
    assert table["manager2"] == (1, 0, 0, 0)
    assert table["invest"] == (0, 1, 0, 1)
    assert table[None] == (1, 0, 1, 0)
    client.force_login(manager)
    assert client.get(reverse("admin:cases_staffwork_caseload")).status_code == 403


def test_the_coordinator_assigns_many_cases_at_once_from_the_case_list(client, coordinator, manager, other_manager):
    a, b = _case("C-2026-BULK1", manager), _case("C-2026-BULK2", None)
    closed = _case("C-2026-BULK3", manager, status="closed")
    client.force_login(coordinator)
    url = reverse("admin:cases_case_changelist")
    data = {"action": "assign_case_manager", ACTION_CHECKBOX_NAME: [a.pk, b.pk, closed.pk]}
    asked = client.post(url, data)
    assert asked.status_code == 200 and "Assign a case manager" in asked.content.decode()
    done = client.post(url, {**data, "apply": "1", "case_manager": other_manager.pk})
    assert done.status_code == 302
    assert set(Case.objects.filter(case_manager=other_manager).values_list("reference", flat=True)) == {
        "C-2026-BULK1", "C-2026-BULK2"
    }
    assert Case.objects.get(pk=closed.pk).case_manager == manager
    assert TimelineEvent.objects.filter(case=a, summary="Assigned staff changed").count() == 1


def test_a_case_manager_has_no_bulk_assignment(client, manager, other_manager):
    a = _case("C-2026-BULK4", manager)
    client.force_login(manager)
    page = client.get(reverse("admin:cases_case_changelist")).content.decode()
    assert "assign_case_manager" not in page
    client.post(reverse("admin:cases_case_changelist"), {
        "action": "assign_case_manager", ACTION_CHECKBOX_NAME: [a.pk], "apply": "1", "case_manager": other_manager.pk
    })
    assert Case.objects.get(pk=a.pk).case_manager == manager
