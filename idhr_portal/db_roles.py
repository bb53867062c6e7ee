"""Two database roles (docs/deployment.md, "Two database roles").

The web server, the worker and beat connect as the runtime role (row rights only);
the retention purge and key rotation, the only writers the audit trigger lets through
its refusal, take the owner's connection for their duration: `as_owner()`. Without
settings.DATABASE_OWNER (one role for everything, as in the tests) it does nothing.
"""

from __future__ import annotations

import contextlib

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections


@contextlib.contextmanager
def as_owner():
    """This thread's default connection is the owner's inside the block (a connection of
    its own, closed at the end); the runtime connection is back afterwards."""
    owner = getattr(settings, "DATABASE_OWNER", None)
    original = connections[DEFAULT_DB_ALIAS]
    if not owner or owner.get("USER") == original.settings_dict.get("USER"):
        yield
        return
    if original.in_atomic_block:
        raise RuntimeError("as_owner() is entered outside any transaction")
    settings_dict = {**original.settings_dict, "USER": owner["USER"], "PASSWORD": owner["PASSWORD"]}
    owner_connection = original.__class__(settings_dict, DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = owner_connection
    try:
        yield
    finally:
        owner_connection.close()
        connections[DEFAULT_DB_ALIAS] = original
