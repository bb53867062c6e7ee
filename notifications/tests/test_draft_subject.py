"""A coordinator's edited outreach subject can never break the email's headers."""

import pytest

from notifications import services
from notifications.models import Notification

from .factories import NotificationFactory, member

pytestmark = pytest.mark.django_db


def test_a_line_break_typed_into_a_draft_subject_is_flattened_and_the_email_is_sent(mailbox):
    from idhr_portal import roles

    coordinator = member("coord", roles.TITLE_IX_COORDINATOR, email="coord@idhr.test")
    draft = NotificationFactory(
        event=Notification.Event.REFERRAL_OUTREACH,
        status=Notification.Status.DRAFT,
        recipients=["impacted@mit.test"],
        subject="An offer to meet with the IDHR Office",
        body_text="Hello,\n\nWe would like to meet.",
        reference="R-DRAFT9",
    )
    services.notification_draft_update(
        notification=draft,
        subject="Would you like to meet?\r\nBcc: attacker@evil.test",
        body_text="Hello,\n\nWould you like to meet with us?",
        recipients=["impacted@mit.test"],
    )
    assert services.notification_draft_send(notification=draft, actor=coordinator)

    result = services.notification_deliver(notification_id=draft.pk)

    assert result.sent
    draft.refresh_from_db()
    assert draft.status == Notification.Status.SENT
    assert draft.subject == "Would you like to meet? Bcc: attacker@evil.test"
    [message] = mailbox.wait_for(lambda m: "impacted@mit.test" in m.envelope_to)
    assert message.envelope_to == ["impacted@mit.test"]
    assert message.message["Bcc"] is None
