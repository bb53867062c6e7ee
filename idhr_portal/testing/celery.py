"""A real Celery worker on the real Redis broker, for integration tests."""
import contextlib

from celery.contrib.testing.worker import start_worker

from idhr_portal.celery import app


@contextlib.contextmanager
def running_worker():
    """Run a worker thread that consumes this test run's own queue.

    It shares the test settings (and so the test database); tests using it
    need `transactional_db`, because the worker reads committed rows only.
    """
    app.conf.task_always_eager = False
    with start_worker(
        app,
        pool="solo",
        concurrency=1,
        perform_ping_check=False,
        loglevel="WARNING",
        shutdown_timeout=30,
    ) as worker:
        yield worker
