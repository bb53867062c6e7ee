"""The outbox in the admin: coordinators only; filters, resend, drafts to review and send."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from idhr_portal import roles
from notifications.models import Notification

from .factories import NotificationFactory, UserFactory, member

pytestmark = pytest.mark.django_db

Status = Notification.Status
CHANGELIST = "admin:notifications_notification_changelist"


def _change_url(notification):
    return reverse("admin:notifications_notification_change", args=[notification.pk])


@pytest.fixture
def coordinator_client(client):
    coordinator = member("coord", roles.TITLE_IX_COORDINATOR, email="coord@idhr.test")
    client.force_login(coordinator)
    client.user = coordinator
    return client


@pytest.mark.parametrize("group", [roles.CASE_MANAGER, roles.INVESTIGATOR, roles.BIAS_RESPONSE_TEAM])
def test_other_staff_cannot_open_the_outbox(client, group):
    notification = NotificationFactory()
    client.force_login(member("someone", group))

    assert client.get(reverse(CHANGELIST)).status_code == 403
    assert client.get(_change_url(notification)).status_code == 403
    assert b"notifications/notification" not in client.get(reverse("admin:index")).content


def test_a_superuser_sees_the_outbox(client):
    NotificationFactory(reference="R-SUPER1")
    client.force_login(UserFactory(username="root", is_superuser=True))
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200 and b"R-SUPER1" in response.content


def test_the_coordinator_filters_by_status_and_event_and_searches_by_reference(coordinator_client):
    NotificationFactory(reference="R-FAIL01", status=Status.FAILED, event=Notification.Event.TITLE_IX_REPORT)
    NotificationFactory(reference="R-SENT01", status=Status.SENT, sent_at=timezone.now())
    NotificationFactory(reference="R-PEND01", object_ref="reports.report:77")
    url = reverse(CHANGELIST)

    failed = coordinator_client.get(url, {"status__exact": "failed"}).content.decode()
    by_event = coordinator_client.get(url, {"event__exact": "report.title_ix"}).content.decode()
    searched = coordinator_client.get(url, {"q": "R-SENT01"}).content.decode()
    by_object = coordinator_client.get(url, {"q": "reports.report:77"}).content.decode()

    assert "R-FAIL01" in failed and "R-SENT01" not in failed and "R-PEND01" not in failed
    assert "R-FAIL01" in by_event and "R-PEND01" not in by_event
    assert "R-SENT01" in searched and "R-FAIL01" not in searched
    assert "R-PEND01" in by_object and "R-SENT01" not in by_object


def test_the_outbox_warns_the_coordinator_about_failed_notifications(coordinator_client):
    NotificationFactory(status=Status.FAILED)
    NotificationFactory(status=Status.FAILED)

    page = coordinator_client.get(reverse(CHANGELIST)).content.decode()

    assert "2 notifications could not be delivered." in page
    assert "?status__exact=failed" in page


def test_resend_puts_failed_rows_back_in_the_outbox_and_leaves_others_alone(coordinator_client):
    failed = NotificationFactory(status=Status.FAILED, attempts=6, failed_at=timezone.now(), last_error="x")
    sent = NotificationFactory(status=Status.SENT, sent_at=timezone.now(), attempts=1)

    response = coordinator_client.post(
        reverse(CHANGELIST),
        {"action": "resend_failed", ACTION_CHECKBOX_NAME: [failed.pk, sent.pk], "index": 0},
        follow=True,
    )

    failed.refresh_from_db()
    sent.refresh_from_db()
    assert failed.status == Status.PENDING and failed.attempts == 0 and failed.failed_at is None
    assert failed.released_by == coordinator_client.user
    assert sent.status == Status.SENT
    page = response.content.decode()
    assert "1 notification queued again." in page
    assert "1 selected notification was not failed and was left alone." in page


def test_a_sent_notification_is_read_only(coordinator_client):
    sent = NotificationFactory(status=Status.SENT, sent_at=timezone.now(), body_text="Line <one>")

    page = coordinator_client.get(_change_url(sent)).content.decode()
    posted = coordinator_client.post(_change_url(sent), {"subject": "changed", "body_text": "x"})

    assert "<pre>Line &lt;one&gt;</pre>" in page
    assert 'name="body_text"' not in page and 'name="_send"' not in page
    assert posted.status_code == 403
    sent.refresh_from_db()
    assert sent.body_text == "Line <one>"


def _draft():
    return NotificationFactory(
        event=Notification.Event.REFERRAL_OUTREACH,
        status=Status.DRAFT,
        recipients=["impacted@mit.test"],
        subject="An offer to meet with the IDHR Office",
        body_text="Hello,\n\nWe would like to meet.",
        reference="R-DRAFT1",
    )


def test_the_coordinator_edits_a_draft_and_sends_it(coordinator_client):
    draft = _draft()
    page = coordinator_client.get(_change_url(draft)).content.decode()
    assert 'name="body_text"' in page and 'name="_send"' in page
    assert page.index('name="_save"') < page.index('name="_send"')  # Enter saves, never sends

    response = coordinator_client.post(
        _change_url(draft),
        {
            "recipients": "impacted@mit.test",
            "subject": "Would you like to meet?",
            "body_text": "Hello,\n\nWould you like to meet with us? See https://idhr.mit.test/options",
            "_send": "Save and send",
        },
        follow=True,
    )

    draft.refresh_from_db()
    assert response.status_code == 200 and "The email is on its way." in response.content.decode()
    assert draft.status == Status.PENDING
    assert draft.subject == "Would you like to meet?"
    assert draft.body_text.endswith("See https://idhr.mit.test/options")
    assert "<p>Hello,</p>" in draft.body_html
    assert '<a href="https://idhr.mit.test/options"' in draft.body_html
    assert draft.reply_to == "coord@idhr.test"
    assert draft.released_by == coordinator_client.user


def test_saving_a_draft_does_not_send_it(coordinator_client):
    draft = _draft()
    coordinator_client.post(
        _change_url(draft),
        {"recipients": "impacted@mit.test", "subject": "Edited", "body_text": "Edited text", "_save": "Save"},
    )
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.subject == "Edited"


def test_a_bad_address_in_a_draft_is_reported_beside_the_field_and_nothing_is_sent(coordinator_client):
    draft = _draft()
    response = coordinator_client.post(
        _change_url(draft),
        {"recipients": "not an address", "subject": "Edited", "body_text": "Edited text", "_send": "1"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address." in page
    assert "Edited text" in page  # what was typed is kept
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.subject == "An offer to meet with the IDHR Office"


def test_the_send_drafts_action_sends_only_drafts(coordinator_client):
    draft = _draft()
    failed = NotificationFactory(status=Status.FAILED)
    coordinator_client.post(
        reverse(CHANGELIST),
        {"action": "send_drafts", ACTION_CHECKBOX_NAME: [draft.pk, failed.pk], "index": 0},
    )
    draft.refresh_from_db()
    failed.refresh_from_db()
    assert draft.status == Status.PENDING and failed.status == Status.FAILED
