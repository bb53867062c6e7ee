"""The intake queue is the reports with no case link, kept by the case link's trigger
(Report.in_case), whoever writes the link: the triage service, a bulk load, a removal."""

import pytest
from django.urls import reverse

from cases.models import CaseReport
from cases.services.triage import case_open_from_report
from reports.models import Report

from . import factories

pytestmark = pytest.mark.django_db


def _queue(client):
    response = client.get(reverse("admin:reports_report_changelist"), {"triage": "queue"})
    return sorted(report.reference for report in response.context["cl"].result_list)


def test_linking_and_unlinking_a_report_moves_it_out_of_and_back_into_the_queue(client, coordinator):
    first = factories.ReportFactory(reference="R-2026-QUEU1")
    second = factories.ReportFactory(reference="R-2026-QUEU2")
    client.force_login(coordinator)
    assert _queue(client) == ["R-2026-QUEU1", "R-2026-QUEU2"]

    link = CaseReport.objects.create(case=factories.CaseFactory(), report=first, linked_by=coordinator)
    assert Report.objects.get(pk=first.pk).in_case is True
    assert _queue(client) == ["R-2026-QUEU2"]

    link.delete()
    assert Report.objects.get(pk=first.pk).in_case is False
    assert _queue(client) == ["R-2026-QUEU1", "R-2026-QUEU2"]

    case_open_from_report(report=second, actor=coordinator)
    assert _queue(client) == ["R-2026-QUEU1"]
    done = client.get(reverse("admin:reports_report_changelist"), {"triage": "done"}).context["cl"].result_list
    assert [report.reference for report in done] == ["R-2026-QUEU2"]


def test_saving_a_report_read_before_triage_does_not_put_it_back_in_the_queue(coordinator):
    report = factories.ReportFactory(reference="R-2026-STALE")
    CaseReport.objects.create(case=factories.CaseFactory(), report=report, linked_by=coordinator)
    report.save()  # this object still says in_case=False
    assert Report.objects.get(pk=report.pk).in_case is True
