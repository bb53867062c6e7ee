"""Issue 24: after Redis restarts, every pending notification leaves within 20 s of its return.

`make faults` measured up to 17-30 s (five restarts in a row under load): the worker came
back on kombu's back-off (2 s, 4 s, 6 s … up to 30 s between attempts) and rows whose
publish failed then waited for the next beat sweep. Now the worker tries the broker once a
second and, each time it has reconnected, queues a sweep without grace
(idhr_portal.celery). A Redis of the test's own is stopped, never the shared one; no beat
runs here, so only the worker's reconnection can send the row.
"""

import socket
import time

import pytest
from django.db import transaction
from kombu.exceptions import OperationalError

from idhr_portal import roles
from idhr_portal.celery import app
from idhr_portal.testing.celery import running_worker
from notifications.models import Notification
from notifications.services import notification_event

from .factories import member
from .support import celery_broker, wait_until


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_worker_tries_the_broker_again_every_second():
    """What the worker's consumer and beat call (celery's consumer passes no intervals)."""
    waits = []
    connection = app.connection_for_write(url=f"redis://127.0.0.1:{_closed_port()}/0")
    with pytest.raises(OperationalError):
        connection.ensure_connection(lambda exc, interval: waits.append(interval), 3)
    connection.release()
    assert waits == [1.0, 1.0, 1.0]  # kombu's default: 2, 4, 6 … up to 30


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_row_held_back_by_an_outage_leaves_within_20_seconds_of_redis_returning(redis_server, mailbox, settings):
    member("coord", roles.TITLE_IX_COORDINATOR)
    settings.NOTIFICATION_SWEEP_GRACE = 120  # production's value
    settings.CELERY_BROKER_URL = redis_server.url
    with celery_broker(redis_server.url), running_worker():
        redis_server.stop()
        with transaction.atomic():
            notification = notification_event(
                event=Notification.Event.TITLE_IX_REPORT, reference="R-RECONNECT", admin_path="/admin/x/"
            )
        notification.refresh_from_db()
        assert notification.status == Notification.Status.PENDING  # its publish failed
        time.sleep(2)  # the outage: the worker has lost the broker and is trying again
        redis_server.start()
        back = time.monotonic()
        assert wait_until(lambda: Notification.objects.get(pk=notification.pk).status == "sent", timeout=20)
        assert time.monotonic() - back < 20
    assert len([m for m in mailbox.messages() if "R-RECONNECT" in m.subject]) == 1
