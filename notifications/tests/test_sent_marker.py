"""An email the SMTP server accepted is not sent again when the database lost its 'sent' mark."""

import pytest
from django.db import transaction

from notifications.models import Notification
from notifications.services import notification_deliver, notification_enqueue

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


class DatabaseLostBeforeCommit(Exception):
    pass


def test_a_row_whose_sent_mark_was_rolled_back_is_marked_sent_without_a_second_email(smtp_server):
    with transaction.atomic():
        notification = notification_enqueue(
            event=Notification.Event.REPORT_SUBMITTED,
            recipients=["coordinator@idhr.test"],
            subject="Accepted, then the database restarted",
            body_text="Plain part",
            reference="R-MARK01",
        )
    # The SMTP server takes the email, then the transaction marking the row sent is lost
    # (as when PostgreSQL restarts between the 250 and COMMIT).
    with pytest.raises(DatabaseLostBeforeCommit), transaction.atomic():
        assert notification_deliver(notification_id=notification.pk)
        raise DatabaseLostBeforeCommit
    notification.refresh_from_db()
    assert notification.status == "pending"

    again = notification_deliver(notification_id=notification.pk)  # the sweep re-queued it

    notification.refresh_from_db()
    assert again.sent and notification.status == "sent"
    assert smtp_server.subjects() == ["Accepted, then the database restarted"]
