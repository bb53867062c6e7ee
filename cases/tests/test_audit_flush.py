"""A flush (the test runner's between transactional tests, or `manage.py flush`) skips the
audit chain's installation (cases/apps.py): TRUNCATE keeps the triggers, so rows written
after it are still sealed and still refused a change."""

import hashlib

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from cases.audit_chain import audit_verify
from cases.models import AccessLog, AuditSeal

from . import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_rows_written_after_a_flush_are_sealed_and_append_only():
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditSeal.objects.exists()

    user = factories.case_manager(username="after-flush")
    row = AccessLog.objects.create(user=user, action=AccessLog.Action.VIEW, object_type="cases.case", object_id="1")

    seal = AuditSeal.objects.get(chain="cases_accesslog", row_pk=str(row.pk))
    assert seal.prev_hash == "0" * 64  # the first link of a chain emptied by the flush
    assert seal.hash == hashlib.sha256((seal.prev_hash + seal.content_hash).encode()).hexdigest()
    assert audit_verify().ok
    with pytest.raises(DatabaseError, match="audit rows are append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM cases_accesslog WHERE id = %s", [row.pk])
