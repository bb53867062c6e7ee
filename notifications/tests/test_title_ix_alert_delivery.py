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
# Distinctive words that can only reach an email by leaking from the report.
SECRETS = {
    "narrative": "Zebulon Quark pinned the flyer about my transition to the Building 32 corkboard",
    "reporter": "Ottoline Farrowdale",
    "reporter_email": "o.farrowdale@example.edu",
    "respondent": "Thaddeus Brightwater",
    "respondent_email": "t.brightwater@mit.edu",
    "witness": "Persimmon Achterberg",
    "place": "Building 32 corkboard",
}


def test_a_title_ix_event_sends_exactly_one_email_to_each_coordinator_within_seconds(
    celery_worker, mailbox, settings
):
    settings.TITLE_IX_ALERT_EMAIL = ""
    coordinators = [member(f"coord{i}", roles.TITLE_IX_COORDINATOR) for i in range(3)]
    member("casemgr", roles.CASE_MANAGER)
    started = time.monotonic()

    with transaction.atomic():
        # A careless caller hands the narrative and a name over too: the email must still not hold them.
        notification = notification_event(
            event=Notification.Event.TITLE_IX_REPORT,
            reference="R-TIX001",
            admin_path="/admin/reports/report/41/change/",
            object_ref="reports.report:41",
            context={"kind": "Incident report", "narrative": NARRATIVE, "respondent": "Thaddeus Brightwater"},
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
    for part in (message.subject, message.text, message.html):
        assert NARRATIVE not in part and "Stata" not in part and "Brightwater" not in part
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


def test_a_named_title_ix_report_reaches_staff_and_reporter_without_its_narrative_or_any_name(
    celery_worker, mailbox, client, settings
):
    """The report carries a distinctive narrative, place and names; no delivered email holds them."""
    from reports.tests import steps

    settings.TITLE_IX_ALERT_EMAIL = ""
    coordinator = member("coord", roles.TITLE_IX_COORDINATOR)
    case_manager = member("intake1", roles.CASE_MANAGER)
    you = {**steps.YOU_NAMED, "name": SECRETS["reporter"], "email": SECRETS["reporter_email"]}
    what = {**steps.WHAT, "narrative": SECRETS["narrative"], "location_detail": SECRETS["place"]}
    people = steps.people(
        [{**steps.RESPONDENT, "name": SECRETS["respondent"], "email": SECRETS["respondent_email"]}],
        [{**steps.WITNESS, "name": SECRETS["witness"]}],
    )

    assert steps.file_incident(client, you=you, what=what, people_data=people).status_code == 302

    report = steps.only_report()
    assert report.narrative == SECRETS["narrative"]  # it went in
    recipients = {coordinator.email, case_manager.email, SECRETS["reporter_email"]}
    delivered = mailbox.wait_for(lambda m: set(m.envelope_to) & recipients, count=3, timeout=15)
    assert {a for m in delivered for a in m.envelope_to} >= recipients
    assert [m.subject for m in mailbox.to(coordinator.email)] == [f"Title IX alert: new report {report.reference}"]
    assert [m.subject for m in mailbox.to(case_manager.email)] == [f"New report {report.reference}"]
    for message in mailbox.messages():
        for part in (str(message.message["To"]), message.subject, message.text, message.html):
            for what_leaked, secret in SECRETS.items():
                if what_leaked == "reporter_email" and part == str(message.message["To"]):
                    continue  # the acknowledgement is addressed to the reporter, and says nothing else
                assert secret.casefold() not in part.casefold(), (what_leaked, message.subject)
        assert not list(message.message.iter_attachments())
