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

Back within seconds of Redis (issue 24). `make faults` measured up to 17-30 s from Redis's
return to the last pending notification sent (target 20 s). Two waits made it up:
- the worker's and beat's reconnection: kombu's `ensure_connection` waits 2 s, then 4, 6 …
  up to 30 s between attempts (celery's consumer passes no intervals, and no setting
  reaches them), so a worker often came back 6 s after a 4 s outage, and up to 30 s after
  a long one. `BrokerConnection` makes the default one attempt a second (RECONNECT_*):
  trying a local Redis once a second costs nothing.
- the sweep: rows whose publish failed wait for the next beat sweep (every 10 s), and a
  row whose task the worker held when Redis went away waits out the sweep's grace (120 s in
  production). `SweepOnConnect`, a consumer bootstep, queues one sweep without grace each
  time the worker's consumer (re)connects: everything pending and due is queued again at
  once (delivery claims each row, so a row whose task is still queued is not sent twice).
"""
import logging
import os

from celery import Celery, bootsteps
from celery.app.amqp import AMQP
from kombu import Connection

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "idhr_portal.settings.local")

logger = logging.getLogger(__name__)

# Seconds between attempts to reach the broker again (worker and beat): 1 s, then 1 s …
RECONNECT_INTERVAL_START = 1.0
RECONNECT_INTERVAL_STEP = 0.0
RECONNECT_INTERVAL_MAX = 1.0


class BrokerConnection(Connection):
    def ensure_connection(self, *args, **kwargs):
        """The worker's consumer and beat reconnect through this; publishing does not (it
        uses CELERY_BROKER_TRANSPORT_OPTIONS: one quick retry, then the outbox keeps the row)."""
        if len(args) <= 2:  # (errback, max_retries) positional at most: intervals not given
            kwargs.setdefault("interval_start", RECONNECT_INTERVAL_START)
            kwargs.setdefault("interval_step", RECONNECT_INTERVAL_STEP)
            kwargs.setdefault("interval_max", RECONNECT_INTERVAL_MAX)
        return super().ensure_connection(*args, **kwargs)

    def collect(self, socket_timeout=None):
        try:
            super().collect(socket_timeout=socket_timeout)
        finally:
            self._default_channel = None


class BrokerAMQP(AMQP):
    Connection = BrokerConnection


class SweepOnConnect(bootsteps.StartStopStep):
    """Each time the worker's consumer has (re)connected to the broker, queue one outbox
    sweep without grace (notifications.sweep), so what an outage held back leaves now."""

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def start(self, consumer):
        try:
            consumer.app.send_task("notifications.sweep", kwargs={"grace_seconds": 0})
        except Exception:  # the broker went again: the beat sweep or the next reconnection
            logger.warning("could not queue the outbox sweep after reconnecting", exc_info=True)


app = Celery("idhr_portal", amqp=BrokerAMQP)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.steps["consumer"].add(SweepOnConnect)
app.autodiscover_tasks()
