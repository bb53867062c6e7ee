"""Intake age: each report's wait and triage deadline, oldest first, overdue on the dashboard."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseReport
from cases.selectors.intake import intake_overdue_before, triage_due_on
from reports.models import Report

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def one_business_day(settings):
    settings.CASE_STAGE_TARGET_BUSINESS_DAYS = {**settings.CASE_STAGE_TARGET_BUSINESS_DAYS, "new": 1}
    settings.CASE_HOLIDAYS = []


def _at(day: str, hour=10):
    return timezone.make_aware(datetime.datetime.fromisoformat(f"{day}T{hour:02d}:00"))


def test_a_report_received_on_friday_is_due_on_monday_and_overdue_from_tuesday():
    assert triage_due_on(_at("2026-11-27")) == datetime.date(2026, 11, 30)  # Friday -> Monday
    assert intake_overdue_before(datetime.date(2026, 11, 30)) == _at("2026-11-27", 0)  # Monday: not yet
    assert intake_overdue_before(datetime.date(2026, 12, 1)) == _at("2026-11-30", 0)  # Tuesday: Friday's are
    assert intake_overdue_before(datetime.date(2026, 12, 2)) == _at("2026-12-01", 0)  # Wednesday: Monday's are


def _received(reference, days_ago):
    report = factories.ReportFactory(reference=reference)
    Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - datetime.timedelta(days=days_ago))
    return report


def test_the_intake_queue_is_oldest_first_with_age_and_triage_deadline(client, manager):
    _received("R-NEWEST01", 0)
    _received("R-OLDEST01", 9)
    _received("R-MIDDLE01", 4)
    triaged = _received("R-INCASE01", 20)
    CaseReport.objects.create(case=factories.CaseFactory(), report=triaged, linked_by=manager)
    client.force_login(manager)
    response = client.get(reverse("admin:reports_report_changelist"), {"triage": "queue"})
    rows = [r.reference for r in response.context["cl"].result_list]
    assert rows == ["R-OLDEST01", "R-MIDDLE01", "R-NEWEST01"]
    page = response.content.decode()
    assert '<td class="field-age_column">1\xa0week</td>' in page
    assert '<td class="field-age_column">4\xa0days</td>' in page
    assert page.count("· overdue</strong>") == 2


def test_the_dashboard_flags_reports_waiting_past_the_triage_target(client, manager, brt):
    _received("R-NEWEST02", 0)
    _received("R-OLDEST02", 9)
    _received("R-MIDDLE02", 4)
    client.force_login(manager)
    page = client.get(reverse("admin:index")).content.decode()
    assert 'id="intake-overdue-count">2<' in page
    client.force_login(brt)
    assert "intake-overdue-count" not in client.get(reverse("admin:index")).content.decode()
