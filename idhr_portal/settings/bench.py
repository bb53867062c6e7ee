"""Benchmark settings: `make bench` (bench/run.py).

Production-like where it matters for speed: DEBUG off, the compressed manifest
static storage (collectstatic), database sessions, persistent connections, the
Redis cache and broker, gunicorn with several workers, no debug toolbar or query
logging. Different from production.py, and why:

- Plain HTTP on 127.0.0.1 (no TLS proxy on the bench machine): cookies are not
  Secure and have no __Host- prefix, no HSTS, no SSL redirect, no
  SECURE_PROXY_SSL_HEADER. Cookies stay HttpOnly and SameSite=Strict.
- `.local/env` (or $IDHR_LOCAL_DIR/env) supplies the development keys, as in local.py.
- Its own database (BENCH_DATABASE_NAME, default idhr_bench), so `make run`'s data
  is never touched, and its own Celery queue.
- Two-factor sign-in is off: the staff pages are measured in-process with
  Client.force_login (the OTP check is a session lookup; its cost is not what we
  measure).
- The notification sweep runs every 5 s with a 5 s grace (production: 60 s /
  120 s), so the fault runs see re-queued mail within seconds instead of minutes.
- ROOT_URLCONF adds /bench/ping, a bare view (no database, no Redis) that the
  load test uses as its "trivial Django view" baseline; /healthz checks both.
"""

import os

from .base import *  # noqa: F401,F403
from .base import DATABASES, INSTALLED_APPS, env

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8600").rstrip("/")
ROOT_URLCONF = "bench.urls"
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]

DATABASES["default"]["NAME"] = env("BENCH_DATABASE_NAME", default="idhr_bench")

IDHR_REQUIRE_2FA = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False

CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="idhr-bench")
# The sweep runs every 10 s as in production (base.py), so `make faults` measures the
# time from Redis back to delivery as production has it. The grace is shorter than
# production's 120 s only so that rows whose task a PostgreSQL outage failed are sent
# within the run; rows whose publish failed are due at once whatever the grace.
NOTIFICATION_SWEEP_GRACE = 5.0

# collectstatic output of the bench, beside its services (not the repository's staticfiles/).
STATIC_ROOT = os.path.join(os.environ.get("IDHR_LOCAL_DIR", str(BASE_DIR / ".local")), "bench-static")  # noqa: F405

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
