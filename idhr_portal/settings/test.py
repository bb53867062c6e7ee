"""Test settings: `make test` (pytest).

The database, Redis and the SMTP server are the real ones that
`scripts/services` starts; only what must be isolated between runs differs.
"""
import os
import uuid

from .base import *  # noqa: F401,F403
from .base import CACHES, DATABASES, STORAGES, env

# pytest-xdist runs the suite in several processes ("gw0", "gw1", ...). Each is a run of
# its own: pytest-django gives it its own database (test_idhr_gw0, ...), and below it
# gets its own cache prefix, Celery queue, private media folder and mail stamp.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_WORKER_SUFFIX = f"-{XDIST_WORKER}" if XDIST_WORKER else ""

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Its own database; a different name lets two runs share one PostgreSQL.
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default="test_idhr")}
DATABASES["default"]["CONN_MAX_AGE"] = 0
# A test database need not survive a crash of the machine: commits (a transactional
# test's flush makes dozens) do not wait for the WAL to reach the disk.
DATABASES["default"]["OPTIONS"]["options"] = "-c synchronous_commit=off"

# A queue of this run's own, so that a worker of another run never takes its tasks.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default=f"test-{uuid.uuid4().hex[:12]}") + _WORKER_SUFFIX

# The real Redis cache, as in production (rate-limit counters, cached pages, the sign-in
# lockout), under a key prefix of this run's own: two runs, or `make run`, on the same
# Redis never see each other's keys. The root conftest deletes this run's keys before
# every test (idhr_portal.testing.cache.run_cache_clear); never call `cache.clear()` in
# a test: on Redis it empties the whole database, other runs' keys included.
TEST_CACHE_PREFIX = f"test-{uuid.uuid4().hex[:12]}"
CACHES = {
    "default": {**CACHES["default"], "KEY_PREFIX": f"{TEST_CACHE_PREFIX}-idhr"},
    # Sign-in lockout counters (django-axes) apart, as a test may look at them alone.
    "axes": {**CACHES["default"], "KEY_PREFIX": f"{TEST_CACHE_PREFIX}-axes"},
}
AXES_CACHE = "axes"

WHITENOISE_USE_FINDERS = True
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

PRIVATE_MEDIA_ROOT = Path(  # noqa: F405
    env("TEST_PRIVATE_MEDIA_ROOT", default=f"/tmp/idhr-test-media-{os.getpid()}") + _WORKER_SUFFIX
)

# Mail goes to the one SMTP sink folder of the machine; each message a test sends there
# carries this run's stamp (X-IDHR-Test-Run) and a test's mailbox reads only its own run's
# (idhr_portal.testing.mail). The root conftest hands the stamp to subprocesses.
TEST_MAIL_RUN = f"{TEST_CACHE_PREFIX}{_WORKER_SUFFIX}"
EMAIL_BACKEND = "idhr_portal.testing.mail.RunStampedEmailBackend"
# The anchor file (cases.audit_anchors) of this run's own, emptied after every test
# (the root conftest): an anchor names seals that a rolled-back test no longer has.
AUDIT_ANCHOR_FILE = Path(f"/tmp/idhr-test-anchors-{os.getpid()}/audit-anchors.jsonl")  # noqa: F405
