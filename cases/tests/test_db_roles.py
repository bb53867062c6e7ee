"""Issue 30, item 6: the runtime database role has row rights only.

As the runtime role (idhr_app, made by scripts/services; the owner is a member so the
test can SET ROLE to it), the database itself refuses to disable a trigger, to take the
purge's path by setting its flag, and to delete a seal. The same statements as the
tables' owner are the control: the refusal is the role's.
"""

import os

import pytest
from django.db import DatabaseError, connection, transaction

from cases.audit_chain import PURGE_SETTING
from cases.management.commands.db_grant_runtime import db_grants
from cases.models import AuditSeal, TimelineEvent

pytestmark = pytest.mark.django_db

RUNTIME = "idhr_app"


@pytest.fixture
def runtime_role(case, manager):
    TimelineEvent.objects.create(case=case, kind=TimelineEvent.Kind.OPENED, summary="Opened")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_has_role(current_user, oid, 'MEMBER') FROM pg_roles WHERE rolname = %s", [RUNTIME])
        member = cursor.fetchone()
    if not member or not member[0]:
        if os.environ.get("CI"):
            pytest.fail("scripts/services did not create the runtime role idhr_app")
        pytest.skip("no runtime role idhr_app in this cluster yet (scripts/services start creates it)")
    with connection.cursor() as cursor:
        for statement in db_grants(RUNTIME):  # inside the test's transaction: rolled back
            cursor.execute(statement)
    return TimelineEvent.objects.filter(case=case).order_by("pk").last()


def _as(role, statements):
    """The statements as `role` (None: the tables' owner, this connection's role)."""
    with transaction.atomic(), connection.cursor() as cursor:
        if role:
            cursor.execute(f"SET LOCAL ROLE {role}")
        for statement in statements:
            cursor.execute(statement)
        cursor.execute("RESET ROLE")


def test_the_runtime_role_writes_rows_but_cannot_disable_a_trigger(runtime_role):
    _as(RUNTIME, ["SELECT count(*) FROM cases_case"])  # row rights: granted
    with pytest.raises(DatabaseError, match="must be owner of table cases_timelineevent"):
        _as(RUNTIME, ["ALTER TABLE cases_timelineevent DISABLE TRIGGER idhr_audit_refuse"])
    with pytest.raises(DatabaseError, match="must be owner of table cases_auditseal"):
        _as(RUNTIME, ["ALTER TABLE cases_auditseal DISABLE TRIGGER USER"])


def test_setting_the_purge_flag_does_not_open_the_refusal_to_the_runtime_role(runtime_role):
    update = f"UPDATE cases_timelineevent SET summary = 'Rewritten' WHERE id = {int(runtime_role.pk)}"  # noqa: S608 - an int
    flag = f"SELECT set_config('{PURGE_SETTING}', 'on', true)"
    with pytest.raises(DatabaseError, match="append-only: UPDATE on cases_timelineevent refused"):
        _as(RUNTIME, [flag, update])
    # The owner's purge path (cases.retention) is still open to the owner.
    _as(None, [flag, update])
    runtime_role.refresh_from_db()
    assert runtime_role.summary == "Rewritten"


def test_a_seal_cannot_be_deleted_by_the_runtime_role_nor_on_the_purge_path(runtime_role):
    seal = AuditSeal.objects.filter(chain="cases_timelineevent").order_by("pk").last()
    delete = f"DELETE FROM cases_auditseal WHERE id = {int(seal.pk)}"  # noqa: S608 - an int
    flag = f"SELECT set_config('{PURGE_SETTING}', 'on', true)"
    with pytest.raises(DatabaseError, match="append-only: DELETE on cases_auditseal refused"):
        _as(RUNTIME, [flag, delete])
    with pytest.raises(DatabaseError, match="append-only: DELETE on cases_auditseal refused"):
        _as(None, [flag, delete])
    assert AuditSeal.objects.filter(pk=seal.pk).exists()
