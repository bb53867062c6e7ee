"""Issue 18: the audit rows added with the per-record history and the access log (letter
receipts' history, refused attempts) are chained and append-only like the others."""

import pghistory.models
import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction

from cases.audit_chain import audit_verify
from cases.models import AccessLog, Letter, Party
from cases.services.audit import access_refused_record
from cases.services.letters import letter_prepare
from cases.services.portal import letter_receipt_opened

from . import factories

pytestmark = pytest.mark.django_db


def _triggers(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [table]
        )
        return {row[0] for row in cursor.fetchall()}


def test_every_history_table_and_the_access_log_carry_the_seal_and_the_refusal():
    tables = ["cases_accesslog"] + [
        model._meta.db_table
        for model in apps.get_app_config("cases").get_models()
        if issubclass(model, pghistory.models.Event) and model._meta.managed and not model._meta.proxy
    ]
    assert "cases_letterreceiptevent" in tables
    missing = {table: {"idhr_audit_seal", "idhr_audit_refuse"} - _triggers(table) for table in tables}
    assert {table: names for table, names in missing.items() if names} == {}


def _receipt_and_refusal(case, manager):
    respondent = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT)
    [letter] = letter_prepare(case=case, kind="allegations", recipients=[respondent], actor=manager)
    letter_receipt_opened(letter=Letter.objects.get(pk=letter.pk))
    access_refused_record(user=manager, object_type="cases.case", object_id="999")


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE cases_letterreceiptevent SET first_opened_at = NULL",
        "DELETE FROM cases_letterreceiptevent",
        "UPDATE cases_accesslog SET object_ref = 'x' WHERE action = 'refused'",
        "DELETE FROM cases_accesslog WHERE action = 'refused'",
    ],
)
def test_the_database_refuses_to_change_receipt_history_and_refused_attempts(case, manager, sql):
    _receipt_and_refusal(case, manager)
    with pytest.raises(DatabaseError, match="audit rows are append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql)


def test_audit_verify_names_an_altered_refused_attempt(case, manager):
    _receipt_and_refusal(case, manager)
    assert audit_verify().ok
    assert "cases_letterreceiptevent" in audit_verify().heads
    row = AccessLog.objects.get(action="refused")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE cases_accesslog DISABLE TRIGGER idhr_audit_refuse")
        cursor.execute("UPDATE cases_accesslog SET object_id = '1' WHERE id = %s", [row.pk])
        cursor.execute("ALTER TABLE cases_accesslog ENABLE TRIGGER idhr_audit_refuse")
    result = audit_verify()
    assert (result.first_break.chain, result.first_break.row_pk, result.first_break.problem) == (
        "cases_accesslog",
        str(row.pk),
        "the row was altered",
    )
