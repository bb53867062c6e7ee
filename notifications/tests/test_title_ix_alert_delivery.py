"""A Title IX event reaches every coordinator through Redis, a real worker and SMTP."""

import time

import pytest
from django.db import transaction

from idhr_portal import roles
from notifications.models import Notification
from notifications.services import notification_event

from .factories import member

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

NARRATIVE = "He followed me from the Stata Center to my dorm three nights in a row"


def test_a_title_ix_event_sends_exactly_one_email_to_each_coordinator_within_seconds(
    celery_worker, mailbox, settings
):
    settings.TITLE_IX_ALERT_EMAIL = ""
    coordinators = [member(f"coord{i}", roles.TITLE_IX_COORDINATOR) for i in range(3)]
    member("casemgr", roles.CASE_MANAGER)
    started = time.monotonic()

    with transaction.atomic():
        # As reports.services does it: the reference, the admin link, the kind; no narrative.
        notification = notification_event(
            event=Notification.Event.TITLE_IX_REPORT,
            reference="R-TIX001",
            admin_path="/admin/reports/report/41/change/",
            object_ref="reports.report:41",
            context={"kind": "Incident report"},
        )

    addresses = {c.email for c in coordinators}
    mailbox.wait_for(lambda m: "R-TIX001" in m.subject and addresses <= set(m.envelope_to), timeout=10)
    assert time.monotonic() - started < 5
    time.sleep(0.5)  # anything extra would arrive now
    received = [m for m in mailbox.messages() if "R-TIX001" in m.subject]
    for coordinator in coordinators:
        to_them = [m for m in received if coordinator.email in m.envelope_to]
        assert len(to_them) == 1, coordinator.email
    assert not [m for m in received if "casemgr@idhr.test" in m.envelope_to]
    message = received[0]
    assert message.subject == "Title IX alert: new report R-TIX001"
    assert "http://127.0.0.1:8000/admin/reports/report/41/change/" in message.text
    assert 'href="http://127.0.0.1:8000/admin/reports/report/41/change/"' in message.html
    assert NARRATIVE not in message.text and NARRATIVE not in message.html
    assert message.message["Auto-Submitted"] == "auto-generated"
    assert message.message["Message-ID"].startswith(f"<idhr-notification-{notification.pk}-")
    assert not list(message.message.iter_attachments())
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT and notification.attempts == 1


def test_a_title_ix_report_filed_on_the_public_form_reaches_each_coordinator_once_without_its_narrative(
    celery_worker, mailbox, client, settings
):
    """End to end: the intake form (which calls notification_event), Redis, a worker, SMTP."""
    from reports.tests import steps

    settings.TITLE_IX_ALERT_EMAIL = ""
    coordinators = [member(f"coord{i}", roles.TITLE_IX_COORDINATOR) for i in range(2)]
    case_manager = member("intake1", roles.CASE_MANAGER)
    started = time.monotonic()

    response = steps.file_incident(client)  # anonymous, sexual harassment: a Title IX category

    assert response.status_code == 302
    report = steps.only_report()
    addresses = {c.email for c in coordinators}
    mailbox.wait_for(
        lambda m: m.subject.startswith("Title IX alert") and addresses <= set(m.envelope_to), timeout=10
    )
    assert time.monotonic() - started < 8
    time.sleep(0.5)
    alerts = [m for m in mailbox.messages() if m.subject == f"Title IX alert: new report {report.reference}"]
    for address in addresses:
        assert len([m for m in alerts if address in m.envelope_to]) == 1
    mailbox.wait_for(lambda m: case_manager.email in m.envelope_to, timeout=10)
    about_it = [m for m in mailbox.messages() if report.reference in m.subject]
    for address in addresses:  # one email in all, not an alert plus a "new report" notice
        assert len([m for m in about_it if address in m.envelope_to]) == 1, address
    to_intake = [m for m in about_it if case_manager.email in m.envelope_to]
    assert [m.subject for m in to_intake] == [f"New report {report.reference}"]
    for message in mailbox.messages():
        for text in (message.subject, message.text, message.html):
            assert steps.WHAT["narrative"] not in text
            assert steps.WHAT["location_detail"] not in text
