"""What `make mutation` adds to the root conftest.py of its copy of the project (scripts/mutation.py).

mutmut runs pytest once per mutant, each time in a process forked from one that has already
imported Django. Two things of an ordinary test run would cost or collide there:

- pytest-django's `django_db_setup` runs `migrate` (and so the audit chain's post_migrate
  trigger install) in every session: here the test database was created and migrated once
  before mutmut started, and every session uses it as it is (pytest-django's documented way
  of using an existing database).
- settings/test.py gives each run its own cache key prefix when settings are imported; the
  forked sessions would share the parent's, and one mutant's run could clear another's rate
  counters. Each session takes a fresh prefix and fresh cache and database connections.
"""

import uuid

import pytest


def pytest_sessionstart(session):
    from asgiref.local import Local
    from django.conf import settings
    from django.core.cache import caches
    from django.db import connections

    prefix = f"test-{uuid.uuid4().hex[:12]}"
    for alias, conf in settings.CACHES.items():
        conf["KEY_PREFIX"] = f"{prefix}-{alias}"
    for handler in (caches, connections):
        handler.__dict__.pop("settings", None)
        handler._connections = Local(handler.thread_critical)
    for conf in settings.DATABASES.values():
        conf["NAME"] = (conf.get("TEST") or {}).get("NAME") or f"test_{conf['NAME']}"


@pytest.fixture(scope="session")
def django_db_setup():
    """The test database exists and is migrated (scripts/mutation.py): nothing to set up."""
    yield
