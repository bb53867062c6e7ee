"""A named reporter who asked for follow-up hears that IDHR wrote, never what it wrote."""
import pytest

from notifications.models import Notification
from reports import services
from reports.tests.factories import ReportFactory, staff_user

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "We found the witness you named in the lab"


def test_the_reporter_gets_an_email_that_a_message_is_waiting_without_the_message(celery_worker, mailbox):
    report = ReportFactory(
        is_anonymous=False,
        reporter_name="Avery Reporter",
        reporter_email="avery.reporter@example.edu",
        wants_follow_up=True,
    )

    services.staff_message_add(report=report, author=staff_user(), body=SECRET)

    received = mailbox.wait_for(lambda m: "avery.reporter@example.edu" in m.envelope_to)
    assert len(received) == 1
    email = received[0]
    assert email.subject == "A new message from the IDHR Office"
    assert "/follow-up/" in email.text and "/follow-up/" in email.html
    for text in (email.subject, email.text, email.html):
        assert SECRET not in text
        assert "/admin/" not in text
        assert "Avery" not in text


@pytest.mark.parametrize(
    "fields",
    [
        {"is_anonymous": True},
        {"is_anonymous": False, "reporter_name": "Avery", "reporter_email": "a@example.edu", "wants_follow_up": False},
    ],
    ids=["anonymous", "no-follow-up-wanted"],
)
def test_nobody_is_emailed_when_the_reporter_did_not_ask_for_follow_up(fields):
    report = ReportFactory(**fields)

    services.staff_message_add(report=report, author=staff_user(), body=SECRET)

    assert not Notification.objects.filter(event=Notification.Event.STAFF_MESSAGE).exists()
