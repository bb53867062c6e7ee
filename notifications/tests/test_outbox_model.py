import pytest
from django.db import IntegrityError, connection

from notifications.models import Notification

pytestmark = pytest.mark.django_db


def _raw_row(pk):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT recipients, subject, body_text, body_html FROM notifications_notification WHERE id = %s",
            [pk],
        )
        return cursor.fetchone()


def test_recipients_subject_and_bodies_read_back_but_are_encrypted_at_rest():
    n = Notification.objects.create(
        event="referral.outreach",
        recipients=["impacted.person@example.edu", "b@example.edu"],
        subject="An offer to meet",
        body_text="Hello Alex",
        body_html="<p>Hello Alex</p>",
    )

    n.refresh_from_db()
    assert n.recipients == ["impacted.person@example.edu", "b@example.edu"]
    assert n.body_text == "Hello Alex"
    stored = " ".join(_raw_row(n.pk))
    assert "impacted.person" not in stored
    assert "Alex" not in stored
    assert "offer to meet" not in stored


def test_a_sent_notification_must_record_when_it_was_sent():
    with pytest.raises(IntegrityError):
        Notification.objects.create(
            event="report.new", recipients=["a@example.edu"], subject="s", body_text="b", status="sent"
        )
