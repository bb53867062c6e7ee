"""Issue 30, item 6: the runtime database role has row rights only.

As the runtime role (idhr_app, made by scripts/services; the owner is a member so the
test can SET ROLE to it), the database itself refuses to disable a trigger, to take the
purge's path by setting its flag, and to delete a seal. The same statements as the
tables' owner are the control: the refusal is the role's.
"""

import contextlib
import os

import environ
import pytest
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction

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


@contextlib.contextmanager
def _connected_as(url: str):
    """This thread's default connection as another role (as the web server, worker and
    beat connect with IDHR_DB_ROLE=runtime)."""
    original = connections[DEFAULT_DB_ALIAS]
    config = environ.Env.db_url_config(url)
    runtime = original.__class__(
        {**original.settings_dict, "USER": config["USER"], "PASSWORD": config["PASSWORD"]}, DEFAULT_DB_ALIAS
    )
    connections[DEFAULT_DB_ALIAS] = runtime
    try:
        yield
    finally:
        runtime.close()
        connections[DEFAULT_DB_ALIAS] = original


@pytest.mark.django_db(transaction=True)
def test_the_purge_of_a_runtime_process_takes_the_owners_connection(settings, coordinator, tmp_path):
    from cases.models import Case, PurgeLog
    from cases.retention import retention_purge

    from .test_retention import build_case

    runtime_url = os.environ.get("DATABASE_RUNTIME_URL", "")
    if not runtime_url:
        if os.environ.get("CI"):
            pytest.fail("scripts/services wrote no DATABASE_RUNTIME_URL")
        pytest.skip("no DATABASE_RUNTIME_URL in this set-up yet (scripts/services start writes it)")
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media"
    with connection.cursor() as cursor:
        for statement in db_grants(RUNTIME):
            cursor.execute(statement)
    expired, _rows, _files = build_case(coordinator=coordinator, closed_years_ago=8)
    owner = {"USER": connection.settings_dict["USER"], "PASSWORD": connection.settings_dict["PASSWORD"]}

    with _connected_as(runtime_url):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone()[0] == RUNTIME
        settings.DATABASE_OWNER = None  # one role: the runtime role's purge is refused
        refused = retention_purge()
        assert (refused.cases, refused.failures) == (0, 1)
        assert Case.objects.filter(pk=expired.pk).exists()

        settings.DATABASE_OWNER = owner  # two roles: the purge takes the owner's connection
        purged = retention_purge()
        assert (purged.cases, purged.failures) == (1, 0)
        assert not Case.objects.filter(pk=expired.pk).exists()
        with connection.cursor() as cursor:  # and the runtime connection is back
            cursor.execute("SELECT current_user")
            assert cursor.fetchone()[0] == RUNTIME
    assert list(PurgeLog.objects.order_by("pk").values_list("cases", "failures")) == [(0, 1), (1, 0)]
