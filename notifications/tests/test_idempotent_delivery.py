"""A row is sent at most once however often its task runs, and by whichever worker."""

import threading
import time

import pytest
from django.db import connection, transaction

from notifications.models import Notification
from notifications.services import notification_deliver, notification_enqueue
from notifications.tasks import notification_deliver_task

from .support import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _enqueue(subject):
    with transaction.atomic():
        return notification_enqueue(
            event=Notification.Event.REPORT_SUBMITTED,
            recipients=["coordinator@idhr.test"],
            subject=subject,
            body_text="Plain part",
            reference="R-IDEM01",
        )


@pytest.mark.django_db(transaction=True)
def test_the_same_task_run_three_times_for_one_row_sends_one_email(celery_worker, smtp_server):
    notification = _enqueue("Sent once although queued three times")  # queued once on commit
    notification_deliver_task.delay(notification.pk)  # ... and twice more, as a redelivery would
    notification_deliver_task.delay(notification.pk)

    assert wait_until(lambda: Notification.objects.get(pk=notification.pk).status == "sent", timeout=10)
    time.sleep(1.0)  # the other two runs have happened by now
    assert smtp_server.subjects() == ["Sent once although queued three times"]
    notification.refresh_from_db()
    assert notification.attempts == 1


def test_running_the_task_again_after_it_sent_does_nothing(smtp_server):
    notification = _enqueue("Run twice in a row")

    first = notification_deliver_task.apply(args=[notification.pk]).get()
    second = notification_deliver_task.apply(args=[notification.pk]).get()

    assert (first, second) == (True, False)
    assert smtp_server.subjects() == ["Run twice in a row"]


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_on_one_row_send_one_email(smtp_server):
    notification = _enqueue("Raced by four workers")
    smtp_server.hold()  # the first claimant is still talking to SMTP when the others arrive
    start = threading.Barrier(4)
    results = []

    def worker():
        try:
            start.wait()
            results.append(bool(notification_deliver(notification_id=notification.pk)))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    assert smtp_server.data_seen.wait(10)
    time.sleep(0.3)  # the others have tried the row and skipped it
    smtp_server.release()
    for thread in threads:
        thread.join(15)

    assert sorted(results) == [False, False, False, True]
    assert smtp_server.subjects() == ["Raced by four workers"]
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT and notification.attempts == 1
