"""Test settings: `make test` (pytest).

The database, Redis and the SMTP server are the real ones that
`scripts/services` starts; only what must be isolated between runs differs.
"""
import os
import uuid

from .base import *  # noqa: F401,F403
from .base import CACHES, DATABASES, STORAGES, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Its own database; a different name lets two runs share one PostgreSQL.
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default="test_idhr")}
DATABASES["default"]["CONN_MAX_AGE"] = 0

# A queue of this run's own, so that a worker of another run never takes its tasks.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default=f"test-{uuid.uuid4().hex[:12]}")

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
    env("TEST_PRIVATE_MEDIA_ROOT", default=f"/tmp/idhr-test-media-{os.getpid()}")
)

# The anchor file (cases.audit_anchors) of this run's own, emptied after every test
# (the root conftest): an anchor names seals that a rolled-back test no longer has.
AUDIT_ANCHOR_FILE = Path(f"/tmp/idhr-test-anchors-{os.getpid()}/audit-anchors.jsonl")  # noqa: F405
