"""PostgreSQL's own log keeps no row of a failed statement (scripts/services configures it).

When two final submits race, one INSERT fails on a unique constraint. By default
PostgreSQL logs the failed statement with every value (`STATEMENT:`) and the key or
the whole row (`DETAIL:`): ciphertext, reference and receipt-code hash would sit in a
log file that no retention purge reaches. The project's cluster logs the error, never
its statement, parameters or detail.
"""
import os
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import IntegrityError, connection, transaction

from idhr_portal.testing.requires import missing_part

pytestmark = pytest.mark.django_db


def server_log() -> Path:
    local = Path(os.environ.get("IDHR_LOCAL_DIR") or settings.BASE_DIR / ".local")
    path = local / "pg" / "postgresql.log"
    if not path.exists():
        missing_part("the database is not the cluster of scripts/services (no pg/postgresql.log)")
    return path


def test_a_failed_insert_leaves_no_value_of_its_row_in_the_postgresql_log():
    log = server_log()
    start = log.stat().st_size
    marker = f"secret-row-{uuid.uuid4().hex}"
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE log_probe (ref text PRIMARY KEY, body text NOT NULL)")
        cursor.execute("INSERT INTO log_probe VALUES (%s, %s)", [marker, marker + "-body"])
        # The race of two submits: the same reference twice (unique violation).
        with pytest.raises(IntegrityError), transaction.atomic():
            cursor.execute("INSERT INTO log_probe VALUES (%s, %s)", [marker, marker + "-again"])
        # A NOT NULL violation: PostgreSQL's detail would print the whole failing row.
        with pytest.raises(IntegrityError), transaction.atomic():
            cursor.execute("INSERT INTO log_probe VALUES (%s, NULL)", [marker + "-other"])

    text = ""
    for _ in range(50):  # the server writes its log line as it answers; allow a moment
        text = log.read_bytes()[start:].decode(errors="replace")
        # Its own two errors (the other xdist worker, or another run, logs errors too).
        if '"log_probe_pkey"' in text and 'null value in column "body"' in text:
            break
        time.sleep(0.1)
    # The errors themselves are logged (so this is the right log and logging works) ...
    assert 'duplicate key value violates unique constraint "log_probe_pkey"' in text
    assert 'null value in column "body"' in text
    # ... but no statement, parameter or row value.
    assert marker not in text
    assert "STATEMENT:" not in text
    assert "DETAIL:" not in text
