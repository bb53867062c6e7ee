import datetime as dt
import hashlib
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import InternalError, transaction

from notifications.models import Notification
from reports.models import FormalComplaint, FormalComplaintFrozen, Report
from reports.tests import steps

pytestmark = pytest.mark.django_db


# 11:30 pm in Cambridge is already the next day in UTC: the complaint is signed on the
# office's date (settings.TIME_ZONE, America/New_York), the date the complainant saw.
SIGNED_LATE = dt.datetime(2026, 3, 14, 23, 30, tzinfo=ZoneInfo("America/New_York"))


def test_signed_complaint_is_filed_and_frozen_with_its_sha256(client, intake_staff):
    with time_machine.travel(SIGNED_LATE, tick=False):
        response = steps.file_complaint(client)
    assert response.status_code == 302 and response["Location"] == "/complaint/receipt/"
    report = steps.only_report()
    assert report.kind == Report.Kind.COMPLAINT and not report.is_anonymous
    complaint = report.formal_complaint
    assert complaint.signature_name == "Avery Q. Complainant" and complaint.attested
    assert complaint.signed_on == dt.date(2026, 3, 14)
    assert complaint.signed_at == SIGNED_LATE
    assert hashlib.sha256(complaint.snapshot.encode("utf-8")).hexdigest() == complaint.snapshot_sha256
    snapshot = json.loads(complaint.snapshot)
    # canonical: sorted keys, no whitespace between tokens
    assert complaint.snapshot == json.dumps(
        snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    assert snapshot["narrative"] == steps.WHAT["narrative"]
    assert snapshot["complainant"]["name"] == "Avery Q. Complainant"
    assert snapshot["respondent_type"] == "employee"
    assert snapshot["occurred_in_us"] == "not_sure"
    assert snapshot["signature_name"] == "Avery Q. Complainant"
    assert [p["name"] for p in snapshot["parties"] if p["role"] == "respondent"] == ["Morgan Respondent"]
    events = set(Notification.objects.values_list("event", flat=True))
    assert {Notification.Event.COMPLAINT_SUBMITTED, Notification.Event.REPORT_SUBMITTED} <= events


def test_editing_the_frozen_complaint_through_the_orm_raises(client):
    steps.file_complaint(client)
    complaint = FormalComplaint.objects.get()
    complaint.snapshot = complaint.snapshot.replace("Morgan", "Someone else")
    with pytest.raises(FormalComplaintFrozen):
        complaint.save()
    with pytest.raises(FormalComplaintFrozen):
        FormalComplaint.objects.get().save(update_fields=["respondent_type"])
    fresh = FormalComplaint.objects.get()
    assert "Morgan" in fresh.snapshot
    assert hashlib.sha256(fresh.snapshot.encode()).hexdigest() == fresh.snapshot_sha256


def test_the_database_refuses_a_bulk_update_of_the_snapshot(client):
    steps.file_complaint(client)
    before = FormalComplaint.objects.get()
    with pytest.raises(InternalError, match="Cannot update"):
        with transaction.atomic():
            FormalComplaint.objects.update(snapshot_sha256="0" * 64)
    with pytest.raises(InternalError, match="Cannot update"):
        with transaction.atomic():
            FormalComplaint.objects.update(snapshot="{}")
    after = FormalComplaint.objects.get()
    assert after.snapshot == before.snapshot and after.snapshot_sha256 == before.snapshot_sha256


def test_signature_that_does_not_match_is_refused_beside_the_field(client):
    response = steps.file_complaint(client, signature="Someone Else")
    assert response.status_code == 200
    page = response.content.decode()
    assert "does not match the name you gave" in page
    assert 'value="Someone Else"' in page  # what was typed stays
    assert Report.objects.count() == 0


def test_signature_ignores_case_and_spacing_only(client):
    response = steps.file_complaint(client, signature="  avery q.   COMPLAINANT ")
    assert response.status_code == 302
    assert FormalComplaint.objects.count() == 1


def test_complaint_without_attestation_is_refused(client):
    steps.post(client, "/complaint/", steps.COMPLAINANT)
    steps.post(client, "/complaint/what-happened/", steps.WHAT)
    steps.post(client, "/complaint/people/", steps.people([steps.RESPONDENT]))
    steps.post(client, "/complaint/jurisdiction/", steps.JURISDICTION)
    steps.post(client, "/complaint/files/", {})
    review = client.get("/complaint/review/")
    response = client.post(
        "/complaint/review/",
        {"action": "submit", "token": steps.token_from(review), "signature_name": "Avery Q. Complainant"},
    )
    assert response.status_code == 200
    assert "Please confirm that you are the complainant" in response.content.decode()
    assert Report.objects.count() == 0


def test_complaint_must_name_the_respondent(client):
    steps.post(client, "/complaint/", steps.COMPLAINANT)
    steps.post(client, "/complaint/what-happened/", steps.WHAT)
    response = client.post("/complaint/people/", steps.people([{"details": "tall, works in the library"}]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "must name the person it is against" in page
    assert "tall, works in the library" in page


def test_complaint_cannot_be_anonymous(client):
    response = client.post("/complaint/", {**steps.COMPLAINANT, "name": ""})
    assert response.status_code == 200
    assert "cannot be anonymous" in response.content.decode()


def test_review_page_says_who_has_access(client):
    steps.post(client, "/complaint/", steps.COMPLAINANT)
    steps.post(client, "/complaint/what-happened/", steps.WHAT)
    steps.post(client, "/complaint/people/", steps.people([steps.RESPONDENT]))
    steps.post(client, "/complaint/jurisdiction/", steps.JURISDICTION)
    steps.post(client, "/complaint/files/", {})
    page = client.get("/complaint/review/").content.decode()
    assert "may share it, if appropriate, to implement supportive measures" in page
    assert "Morgan Respondent" in page and "Step 6 of 6" in page
