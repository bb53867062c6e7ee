"""A Celery worker keeps running, and keeps working, when Redis restarts under it.

A Redis of the test's own (a throwaway redis-server on a free port, so the suite's
Redis is never stopped) is stopped and started three times while a real worker holds a
task with a countdown (as it does for every notification retry). Before the fix in
idhr_portal/celery.py the worker exited at the first restart ("Unrecoverable error:
AttributeError: 'NoneType' object has no attribute 'hostname'").
"""
import os
import shutil
import socket
import subprocess
import time
import uuid

import pytest
from celery import Celery
from django.conf import settings

from idhr_portal.testing.requires import missing_part

pytestmark = pytest.mark.integration

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayRedis:
    def __init__(self, directory):
        self.port = free_port()
        self.directory = directory
        self.process = None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 (our own command line)
            [REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(self.port), "--dir", str(self.directory),
             "--save", "", "--appendonly", "yes"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


@pytest.fixture
def redis_server(tmp_path):
    if not os.path.exists(REDIS_SERVER):
        missing_part("redis-server is not installed")
    server = ThrowawayRedis(tmp_path)
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


def test_the_worker_survives_three_redis_restarts_and_still_takes_tasks(redis_server, tmp_path, monkeypatch):
    broker = f"redis://127.0.0.1:{redis_server.port}/0"
    # Celery reads CELERY_BROKER_URL from the environment before its own configuration
    # (it names the suite's Redis here): point it at the throwaway one, for both sides.
    monkeypatch.setenv("CELERY_BROKER_URL", broker)
    queue = f"restart-{uuid.uuid4().hex[:8]}"
    name = f"{queue}@test"
    log = tmp_path / "worker.log"
    env = {**os.environ, "CELERY_BROKER_URL": broker, "CELERY_TASK_DEFAULT_QUEUE": queue,
           "DJANGO_SETTINGS_MODULE": "idhr_portal.settings.test"}
    with log.open("wb") as out:
        worker = subprocess.Popen(  # noqa: S603
            [str(settings.BASE_DIR / ".venv/bin/celery"), "-A", "idhr_portal", "worker", "-n", name,
             "--concurrency=1", "--loglevel=INFO", "--without-gossip", "--without-mingle"],
            cwd=settings.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    client = Celery()
    try:
        def pong(seconds: float) -> bool:
            deadline = time.time() + seconds
            while time.time() < deadline:
                try:
                    with client.connection_for_write() as connection:
                        if client.control.ping(destination=[name], timeout=1, connection=connection):
                            return True
                except Exception:  # noqa: BLE001 (the client's own connection lost to the restart)
                    time.sleep(0.5)
            return False

        assert pong(60), "the worker never answered"
        # A retry waiting for its countdown: the worker holds it unacknowledged.
        client.send_task("notifications.deliver", args=[987654321], countdown=3600, queue=queue)
        time.sleep(2)

        for restart in range(1, 4):
            redis_server.stop()
            time.sleep(4)
            redis_server.start()
            time.sleep(1)
            assert worker.poll() is None, f"the worker exited at Redis restart {restart}:\n{log.read_text()[-3000:]}"
            assert pong(30), f"the worker did not reconnect after Redis restart {restart}"
    finally:
        client.close()
        if worker.poll() is None:
            os.killpg(worker.pid, 15)
            worker.wait(30)
    assert "Unrecoverable error" not in log.read_text()
