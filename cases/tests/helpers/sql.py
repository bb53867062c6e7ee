"""Statements the state machine runs after every step, prepared once a database session: the
plan of a query of a dozen subqueries costs more than running it (PostgreSQL keeps the plan of
a prepared statement for the session)."""

from __future__ import annotations

from django.db import connection

_PREPARED: set[tuple[int, str]] = set()  # (backend pid, statement name)


def prepared(name: str, sql: str, params: list) -> list[tuple]:
    """The rows of `sql` (parameters $1, $2...) for `params`, prepared the first time in this session."""
    connection.ensure_connection()
    raw = connection.connection
    pid = raw.info.backend_pid if hasattr(raw, "info") else raw.get_backend_pid()
    with connection.cursor() as cursor:
        if (pid, name) not in _PREPARED:
            cursor.execute(f"PREPARE {name} AS {sql}")
            _PREPARED.add((pid, name))
        cursor.execute(f"EXECUTE {name}({', '.join(['%s'] * len(params))})", params)
        return cursor.fetchall()
