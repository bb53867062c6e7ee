"""Real servers for the delivery tests: an SMTP server we can slow down or make
fail, a Redis of the test's own (to stop without touching the shared one), and
a real `celery worker` subprocess (to SIGKILL)."""

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path
from urllib.parse import quote

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {port}")


def wait_until(predicate, timeout: float = 15.0, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


@dataclass
class SMTPRecorder:
    """An aiosmtpd server in this process; a message counts once the server said 250.

    - `hold()`: the reply to DATA waits until `release()`; if the client goes
      away meanwhile, aiosmtpd cancels the handler and the message is dropped
      (as a real server does when the client never saw its 250).
    - `refuse(n, code)`: answer the next n DATA commands with that code.
    """

    port: int = field(default_factory=free_port)
    delivered: list = field(default_factory=list)
    data_seen: threading.Event = field(default_factory=threading.Event)
    _release: threading.Event = field(default_factory=threading.Event)
    _refusals: list = field(default_factory=list)

    def __post_init__(self):
        self._release.set()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    def start(self):
        self._controller.start()
        return self

    def stop(self):
        self._release.set()
        self._controller.stop()

    def hold(self):
        self._release.clear()

    def release(self):
        self._release.set()

    def refuse(self, times: int, code: str = "451 4.3.0 Try again later"):
        self._refusals.extend([code] * times)

    async def handle_DATA(self, server, session, envelope):
        self.data_seen.set()
        if self._refusals:
            return self._refusals.pop(0)
        while not self._release.is_set():
            await asyncio.sleep(0.05)  # cancelled if the client disconnects
        self.delivered.append(
            (list(envelope.rcpt_tos), message_from_bytes(envelope.original_content, policy=default_policy))
        )
        return "250 Message accepted for delivery"

    def subjects(self) -> list[str]:
        return [str(message["Subject"]) for _to, message in self.delivered]


class RedisServer:
    """A redis-server of this test's own, on a free port, that the test may stop."""

    def __init__(self):
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="idhr-test-redis-")
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                self.dir,
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_port(self.port)
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


def _reset_celery_connections(app):
    """Close and forget pooled broker connections: the next publish uses app.conf.broker_url.

    kombu keeps its pools in a process-wide registry keyed by connection, so the
    registry is reset too (a closed pool left in it would be handed out again).
    """
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@contextlib.contextmanager
def celery_broker(url: str):
    """Point the project's Celery app (publisher and test worker) at another broker.

    The app read CELERY_BROKER_URL once, when it was configured; later changes to
    Django's settings do not reach it, so its own conf and pools are switched. Celery
    also prefers a CELERY_BROKER_URL environment variable (which django-environ set
    from .local/env) to its conf, so that is switched too.
    """
    from idhr_portal.celery import app

    old_conf, old_env = app.conf.broker_url, os.environ.get("CELERY_BROKER_URL")
    _reset_celery_connections(app)
    app.conf.broker_url = os.environ["CELERY_BROKER_URL"] = url
    try:
        assert app.connection_for_write().port == int(url.rsplit(":", 1)[1].split("/")[0])
        yield app
    finally:
        _reset_celery_connections(app)
        app.conf.broker_url = old_conf
        if old_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = old_env


def database_url() -> str:
    """The URL of the database this test uses (the test database)."""
    from django.db import connection

    db = connection.settings_dict
    return f"postgres://{quote(db['USER'])}:{quote(db['PASSWORD'])}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class WorkerProcess:
    """`celery -A idhr_portal worker` as a real subprocess on this run's queue."""

    def __init__(self, *, email_port: int, log: Path):
        from django.conf import settings

        self.log = log
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "idhr_portal.settings.test",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "CELERY_TASK_DEFAULT_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE,
            "EMAIL_URL": f"smtp://127.0.0.1:{email_port}",
        }
        self.queue = settings.CELERY_TASK_DEFAULT_QUEUE
        self.process = None

    def start(self):
        celery = Path(sys.executable).with_name("celery")
        self._log_file = open(self.log, "ab")
        self.process = subprocess.Popen(
            [
                str(celery),
                "-A",
                "idhr_portal",
                "worker",
                "-Q",
                self.queue,
                "--pool",
                "solo",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel",
                "INFO",
            ],
            env=self.env,
            cwd=Path(__file__).resolve().parents[2],
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )
        return self

    def kill(self):
        self.process.kill()  # SIGKILL: no shutdown, no ack, no rollback by the worker
        self.process.wait(timeout=10)
        self._log_file.close()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if not self._log_file.closed:
            self._log_file.close()
