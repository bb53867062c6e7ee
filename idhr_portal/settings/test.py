"""Test settings: `make test` (pytest).

The database, Redis and the SMTP server are the real ones that
`scripts/services` starts; only what must be isolated between runs differs.
"""
import os
import uuid

from .base import *  # noqa: F401,F403
from .base import DATABASES, STORAGES, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Its own database; a different name lets two runs share one PostgreSQL.
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default="test_idhr")}
DATABASES["default"]["CONN_MAX_AGE"] = 0

# A queue of this run's own, so that a worker of another run never takes its tasks.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default=f"test-{uuid.uuid4().hex[:12]}")

# Per-process cache: tests clear it freely without touching another run's keys.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sign-in lockout counters (django-axes) in a cache of their own, emptied before every
# test by the root conftest, so failed sign-ins in one test never lock an account in another.
CACHES["axes"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "axes"}
AXES_CACHE = "axes"

WHITENOISE_USE_FINDERS = True
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

PRIVATE_MEDIA_ROOT = Path(  # noqa: F405
    env("TEST_PRIVATE_MEDIA_ROOT", default=f"/tmp/idhr-test-media-{os.getpid()}")
)
