import re

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction

from idhr_portal import roles
from notifications.models import Notification
from notifications.services import notification_event, recipient_resolver_register, recipients

from .factories import member

pytestmark = pytest.mark.django_db

Event = Notification.Event


@pytest.fixture(autouse=True)
def clean_resolvers():
    saved = dict(recipients._resolvers)
    recipients._resolvers.clear()
    yield
    recipients._resolvers.clear()
    recipients._resolvers.update(saved)


def _member(username, group_name, email=None):
    return member(username, group_name, email=email if email is not None else f"{username}@idhr.test")


def test_title_ix_alert_goes_to_every_coordinator_and_the_configured_address(settings):
    settings.TITLE_IX_ALERT_EMAIL = "titleix-desk@idhr.test"
    _member("c1", roles.TITLE_IX_COORDINATOR)
    _member("c2", roles.TITLE_IX_COORDINATOR)
    _member("cm", roles.CASE_MANAGER)

    n = notification_event(event=Event.TITLE_IX_REPORT, reference="R-ABC", admin_path="/admin/x/")

    assert sorted(n.recipients) == ["c1@idhr.test", "c2@idhr.test", "titleix-desk@idhr.test"]
    assert "R-ABC" in n.subject
    assert "http://" in n.body_text and "/admin/x/" in n.body_text
    assert '<a href="' in n.body_html
    assert n.status == Notification.Status.PENDING
    assert n.reference == "R-ABC"


def test_new_report_goes_to_intake_staff_but_not_to_inactive_or_addressless_users():
    _member("cm", roles.CASE_MANAGER)
    _member("noaddress", roles.CASE_MANAGER, email="")
    gone = _member("gone", roles.TITLE_IX_COORDINATOR)
    gone.is_active = False
    gone.save()
    _member("brt", roles.BIAS_RESPONSE_TEAM)

    n = notification_event(event=Event.REPORT_SUBMITTED, reference="R-1")

    assert n.recipients == ["cm@idhr.test"]


def test_an_event_with_nobody_to_tell_records_nothing():
    assert notification_event(event=Event.REPORT_SUBMITTED, reference="R-1") is None
    assert Notification.objects.count() == 0


def test_a_title_ix_email_holds_the_reference_and_the_admin_link():
    """No content in it: see test_title_ix_alert_delivery for a report's narrative and names."""
    _member("c1", roles.TITLE_IX_COORDINATOR)
    n = notification_event(
        event=Event.TITLE_IX_REPORT,
        reference="R-7K3QM9",
        admin_path="/admin/reports/report/1/change/",
        object_ref="reports.report:1",
        context={"kind": "Incident report"},
    )

    for part in (n.subject, n.body_text, n.body_html):
        assert "R-7K3QM9" in part
    assert "http://127.0.0.1:8000/admin/reports/report/1/change/" in n.body_text


@pytest.mark.parametrize(
    "event",
    [e for e in Event.values if e != Event.DEADLINE_DIGEST],
)
def test_every_event_renders_a_subject_and_both_parts(event):
    n = notification_event(
        event=event,
        reference="R-EVERY1",
        admin_path="/admin/somewhere/",
        recipients=["someone@idhr.test"],
        context={"failed_event_label": "New report", "attempts": 3},
    )
    assert n.subject and "\n" not in n.subject
    assert "R-EVERY1" in n.body_text and "R-EVERY1" in n.body_html or event == Event.REFERRAL_OUTREACH
    assert n.body_html.lstrip().startswith("<!doctype html>")
    assert "{%" not in n.body_text + n.body_html and "{{" not in n.body_text + n.body_html
    assert "&amp;" not in n.body_text and "&#x27;" not in n.body_text  # plain text is not HTML-escaped


def test_a_registered_resolver_names_the_recipients_of_a_reporter_message():
    _member("cm", roles.CASE_MANAGER)
    asked = []

    def assigned_staff(object_ref):
        asked.append(object_ref)
        return ["investigator@idhr.test"]

    recipient_resolver_register(Event.REPORTER_MESSAGE, assigned_staff)
    n = notification_event(event=Event.REPORTER_MESSAGE, reference="R-9", object_ref="reports.report:9")

    assert asked == ["reports.report:9"]
    assert n.recipients == ["investigator@idhr.test"]
    assert "message" in n.subject.lower() and "R-9" in n.subject


def test_without_assigned_staff_a_reporter_message_goes_to_intake_staff():
    _member("cm", roles.CASE_MANAGER)
    recipient_resolver_register(Event.REPORTER_MESSAGE, lambda object_ref: [])

    n = notification_event(event=Event.REPORTER_MESSAGE, reference="R-9", object_ref="reports.report:9")

    assert n.recipients == ["cm@idhr.test"]


def test_a_failing_resolver_neither_loses_the_message_nor_breaks_the_callers_transaction():
    _member("cm", roles.CASE_MANAGER)

    def broken(object_ref):
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")

    recipient_resolver_register(Event.REPORTER_MESSAGE, broken)
    with transaction.atomic():
        n = notification_event(event=Event.REPORTER_MESSAGE, reference="R-9", object_ref="reports.report:9")
        assert User.objects.count() == 1  # the transaction still works

    assert n.recipients == ["cm@idhr.test"]


def test_explicit_recipients_win_over_the_resolver():
    recipient_resolver_register(Event.REPORTER_MESSAGE, lambda object_ref: ["x@idhr.test"])
    n = notification_event(event=Event.REPORTER_MESSAGE, reference="R-9", recipients=["y@idhr.test"])
    assert n.recipients == ["y@idhr.test"]


def test_registering_an_unknown_event_is_refused():
    with pytest.raises(ValueError):
        recipient_resolver_register("no.such.event", lambda object_ref: [])


def test_repeat_respondent_goes_to_the_coordinator_only():
    _member("c1", roles.TITLE_IX_COORDINATOR)
    _member("cm", roles.CASE_MANAGER)
    n = notification_event(event=Event.REPEAT_RESPONDENT, reference="R-2")
    assert n.recipients == ["c1@idhr.test"]


def test_referral_outreach_is_a_draft_with_the_seed_wording_and_no_admin_link():
    n = notification_event(
        event=Event.REFERRAL_OUTREACH,
        reference="R-REF1",
        admin_path="/admin/reports/report/5/change/",
        object_ref="reports.report:5",
        recipients=["impacted@mit.test"],
    )

    assert n.status == Notification.Status.DRAFT
    assert n.recipients == ["impacted@mit.test"]
    text = " ".join(n.body_text.split())
    assert "meet with us, or talk by phone" in text
    assert "resources and reporting options" in text
    assert "supportive measures" in text
    assert "does not start a formal investigation" in text
    assert "/admin/" not in n.body_text + n.body_html  # the impacted person is not staff
    assert "sign in" not in text.lower()


def test_a_referral_alert_drafts_one_outreach_when_the_referral_app_resolves_the_address():
    _member("c1", roles.TITLE_IX_COORDINATOR)
    recipient_resolver_register(Event.REFERRAL_OUTREACH, lambda object_ref: ["impacted@mit.test"])

    alert = notification_event(
        event=Event.REFERRAL_SUBMITTED, reference="R-REF2", object_ref="reports.report:6"
    )
    again = notification_event(
        event=Event.REFERRAL_OUTREACH, reference="R-REF2", object_ref="reports.report:6"
    )

    drafts = Notification.objects.filter(event=Event.REFERRAL_OUTREACH)
    assert alert.recipients == ["c1@idhr.test"]
    assert "outreach" in alert.body_text.lower()
    assert drafts.count() == 1 and again == drafts.get()
    assert drafts.get().status == Notification.Status.DRAFT
    assert drafts.get().recipients == ["impacted@mit.test"]


def test_acknowledgement_to_a_named_reporter_has_the_reference_but_no_receipt_code_or_admin_link():
    n = notification_event(
        event=Event.REPORTER_ACKNOWLEDGEMENT,
        reference="R-ACK1",
        admin_path="/admin/reports/report/7/change/",
        recipients=["reporter@mit.test"],
        context={"kind": "Incident report"},
    )

    assert n.status == Notification.Status.PENDING
    assert n.recipients == ["reporter@mit.test"]
    assert "R-ACK1" in n.body_text
    assert "/admin/" not in n.body_text + n.body_html
    assert "schedule a time to meet or talk by phone" in " ".join(n.body_text.split())


def test_an_acknowledgement_without_an_address_is_not_recorded():
    assert (
        notification_event(event=Event.REPORTER_ACKNOWLEDGEMENT, reference="R-1", recipients=[None]) is None
    )


def test_the_deadline_digest_lists_exactly_the_items_given():
    _member("c1", roles.TITLE_IX_COORDINATOR)
    items = [
        {"reference": "C-0001", "stage": "Triage", "due": "2026-11-02"},
        {"reference": "C-0002", "stage": "Investigation", "due": "2026-11-10"},
        {"reference": "C-0003", "stage": "Outreach", "due": "2026-11-12"},
    ]

    n = notification_event(
        event=Event.DEADLINE_DIGEST,
        reference="digest 2026-11-21",
        recipients=["assignee@idhr.test"],
        context={"items": items},
    )

    assert n.subject == "Overdue deadlines: 3 cases"
    listed = re.findall(r"^- (C-\d{4}): (.+), due (\S+)$", n.body_text, flags=re.MULTILINE)
    assert listed == [(i["reference"], i["stage"], i["due"]) for i in items]
    rows = re.findall(r"<tr><td>(C-\d{4})</td><td>([^<]+)</td><td>([^<]+)</td></tr>", n.body_html)
    assert rows == listed
    assert "C-0004" not in n.body_text + n.body_html


def test_a_digest_with_one_item_says_so_in_the_singular():
    n = notification_event(
        event=Event.DEADLINE_DIGEST,
        reference="digest",
        recipients=["assignee@idhr.test"],
        context={"items": [{"reference": "C-0009", "stage": "Triage", "due": "2026-11-02"}]},
    )
    assert n.subject == "Overdue deadline: 1 case"
    assert len(re.findall(r"^- C-", n.body_text, flags=re.MULTILINE)) == 1


def test_without_recipients_the_digest_goes_to_the_coordinator():
    _member("c1", roles.TITLE_IX_COORDINATOR)
    n = notification_event(event=Event.DEADLINE_DIGEST, reference="digest", context={"items": []})
    assert n.recipients == ["c1@idhr.test"]


def test_a_referral_filed_on_the_public_form_alerts_the_coordinator_and_drafts_the_outreach(client):
    """End to end with the intake app: its form calls notification_event; nothing else."""
    from reports.tests import steps
    from reports.tests.factories import responsible_employee

    _member("coord", roles.TITLE_IX_COORDINATOR)
    client.force_login(responsible_employee(username="re-notify"))

    assert steps.file_referral(client).status_code == 302

    report = steps.only_report()
    alert = Notification.objects.get(event=Event.REFERRAL_SUBMITTED)
    draft = Notification.objects.get(event=Event.REFERRAL_OUTREACH)
    assert alert.recipients == ["coord@idhr.test"] and alert.status == Notification.Status.PENDING
    assert draft.status == Notification.Status.DRAFT
    assert draft.recipients == [steps.IMPACTED["impacted_email"]]
    assert draft.reference == report.reference and draft.object_ref == f"reports.report:{report.pk}"
    for text in (draft.subject, draft.body_text, draft.body_html, alert.body_text):
        assert steps.IMPACTED["impacted_name"] not in text  # no names
        assert "Morgan" not in text
        assert steps.WHAT["narrative"] not in text and "Stata Center" not in text  # no content
