"""Celery application: configured from Django settings (CELERY_* names).

A worker survives Redis restarting under it. With celery 5.7 / kombu 5.7 / redis-py 8
it did not: on losing the broker the worker's consumer calls `connection.collect()`,
then `connection.close()` (new in celery 5.7). `collect()` tries to close the default
channel; with Redis gone the channel's close fails half-way (kombu swallows the
connection error, the channel stays "open"), and `collect()` then detaches the
transport (`transport.client = None`). `close()` closes the same channel a second
time; kombu restores its unacknowledged messages on close, builds a new Redis pool
from `transport.client.hostname`, and the AttributeError that follows is not a
connection error: "Unrecoverable error", the worker exits. (Seen at every Redis
restart while the worker held a task with a countdown, i.e. any notification retry.)

`BrokerConnection` forgets the default channel once `collect()` has run: that is what
collect is for (drop references to a dead connection), and a channel whose transport is
gone cannot be used again. Its unacknowledged messages stay in Redis's `unacked` set and
are restored by kombu after the visibility timeout; the outbox sweep re-queues what is
still pending long before (notifications/services.py), and delivery is idempotent.
The worker then reconnects as usual. Supervision (systemd, scripts/respawn) stays as the
safety net.
"""
import os

from celery import Celery
from celery.app.amqp import AMQP
from kombu import Connection

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "idhr_portal.settings.local")


class BrokerConnection(Connection):
    def collect(self, socket_timeout=None):
        try:
            super().collect(socket_timeout=socket_timeout)
        finally:
            self._default_channel = None


class BrokerAMQP(AMQP):
    Connection = BrokerConnection


app = Celery("idhr_portal", amqp=BrokerAMQP)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
