import pytest
from django.db import IntegrityError

from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_notification_keeps_its_recipient_list_in_postgres():
    n = Notification.objects.create(
        event="report.new", recipients=["a@example.edu", "b@example.edu"], subject="s", body_text="b"
    )

    n.refresh_from_db()
    assert n.recipients == ["a@example.edu", "b@example.edu"]
    assert Notification.objects.filter(recipients__contains=["b@example.edu"]).count() == 1


def test_a_sent_notification_must_record_when_it_was_sent():
    with pytest.raises(IntegrityError):
        Notification.objects.create(
            event="report.new", recipients=["a@example.edu"], subject="s", body_text="b", status="sent"
        )
