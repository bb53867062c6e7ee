"""An anonymous report is kept as received at the start of its hour, and its receipt code only
as a keyed hash (reports.services.submission). Neither the exact minute nor the hash may reach
any page or file staff can open: the case history, the coordinator's history of every change
(list and detail pages), and the complete case-file export (issue 24)."""

import datetime
import io
import zipfile
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader

from cases.models import CaseFileExport, CaseHistoryEvent
from cases.services.case_file_export import case_file_export_build
from cases.services.triage import case_open_from_report
from reports.models import Report
from reports.services import incident_report_submit, receipt_code_hash, receipt_code_new
from reports.tests.factories import incident_details

pytestmark = pytest.mark.django_db
EASTERN = zoneinfo.ZoneInfo("America/New_York")
# Received at 2:37 pm Eastern (daylight time), 18:37 UTC: the minute must not appear, in either
# zone or format.
RECEIVED = datetime.datetime(2026, 3, 10, 14, 37, 12, tzinfo=EASTERN)
EXACT = ("14:37", "18:37", "2:37", "6:37")


def _database_now() -> datetime.datetime:
    """The database's clock (the history triggers' NOW(): the test's transaction start)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")
        return cursor.fetchone()[0]


@pytest.fixture
def anonymous_case(coordinator):
    code = receipt_code_new()
    before = set(CaseHistoryEvent.objects.values_list("pk", flat=True))  # the seeds' events
    with time_machine.travel(RECEIVED, tick=False):  # the server's clock (Django's)
        incident_report_submit(
            receipt_code=code, details=incident_details(), is_anonymous=True, relationship="harmed"
        )
    report = Report.objects.get()
    assert report.created_at == datetime.datetime(2026, 3, 10, 14, 0, tzinfo=EASTERN)  # stored at the hour
    submitted = set(CaseHistoryEvent.objects.values_list("pk", flat=True)) - before  # the submission's
    case = case_open_from_report(report=report, actor=coordinator)
    return case, report, receipt_code_hash(code), submitted


def _assert_clean(text: str, hashed: str, where: str):
    """Neither the hash nor the minute it was received (the events' own times are checked
    on the rows: in a test, staff's later steps share the database's clock)."""
    assert hashed not in text, where
    for minute in EXACT:
        assert minute not in text, (where, minute)


def test_the_intake_history_events_are_stamped_with_the_hour(anonymous_case):
    case, report, hashed, submitted = anonymous_case
    events = list(CaseHistoryEvent.objects.filter(pk__in=submitted))
    assert {event.pgh_model for event in events} == {"cases.ReportEvent", "cases.ReportPartyEvent"}
    hour = _database_now().replace(minute=0, second=0, microsecond=0)
    assert {event.pgh_created_at for event in events} == {hour}
    inserted = next(e for e in events if e.pgh_model == "cases.ReportEvent" and e.pgh_label == "insert")
    assert inserted.pgh_data["receipt_code_hash"] == ""
    assert inserted.pgh_data["created_at"].startswith("2026-03-10T18:00:00")  # 14:00 Eastern, in UTC


def test_the_case_history_shows_neither_the_exact_minute_nor_the_receipt_hash(client, coordinator, anonymous_case):
    case, report, hashed, _submitted = anonymous_case
    client.force_login(coordinator)
    page = client.get(reverse("admin:cases_case_history", args=[case.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert report.reference in text  # the report's insert is in the history, at the hour
    _assert_clean(text, hashed, "case history")


def test_the_history_of_every_change_shows_neither(client, coordinator, anonymous_case):
    case, report, hashed, _submitted = anonymous_case
    client.force_login(coordinator)
    listing = client.get(reverse("admin:cases_casehistoryevent_changelist"), {"pgh_model": "cases.ReportEvent"})
    assert listing.status_code == 200
    _assert_clean(listing.content.decode(), hashed, "history list")
    events = CaseHistoryEvent.objects.filter(pgh_model__in=["cases.ReportEvent", "cases.ReportPartyEvent"])
    assert events.exists()
    for event in events:
        _assert_clean(str(event.pgh_data) + str(event.pgh_created_at), hashed, "event row")
        detail = client.get(reverse("admin:cases_casehistoryevent_change", args=[event.pk]))
        if detail.status_code == 200:
            _assert_clean(detail.content.decode(), hashed, "history detail")


def test_the_complete_case_file_shows_neither(client, coordinator, anonymous_case):
    case, report, hashed, _submitted = anonymous_case
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:cases_case_file", args=[case.pk]),
        {"reason": "Records request of 2026-03-20", "recipient": "Counsel"},
    )
    # Made by the export task, then downloaded once from the export page.
    export = CaseFileExport.objects.get(case=case)
    assert response.status_code == 302
    assert case_file_export_build(export_id=export.pk) is True
    response = client.post(reverse("admin:cases_case_file_export_download", args=[case.pk, export.pk]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    for name in archive.namelist():
        data = archive.read(name)
        if name.endswith(".pdf"):
            text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
            assert report.reference in text or name != f"{case.reference}-case-file.pdf"
        else:
            text = data.decode("utf-8", "replace")
        _assert_clean(text, hashed, name)
