"""Key rotation: `rotate_field_keys` and `rotate_blind_index_key`."""

import io
from pathlib import Path

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from cases.models import CaseDocument, CaseNote, Party
from cases.selectors.respondents import repeat_respondent_case_ids
from cases.services.documents import case_document_add, case_document_read
from cases.services.parties import party_save
from idhr_portal import crypto_rotation
from idhr_portal.crypto import EncryptedFileStore, blind_index
from notifications.models import Notification
from reports.models import Attachment, FormalComplaint, Report, ReporterMessage, ReportParty
from reports.services import attachment_read

from . import factories

pytestmark = pytest.mark.django_db

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def old_key(settings, private_root):
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]


def _rotate(**options) -> str:
    out = io.StringIO()
    call_command("rotate_field_keys", stdout=out, **options)
    return out.getvalue()


def _raw_tokens() -> list[tuple[str, str, str]]:
    """(table, column, token) of every encrypted value in the database, read with SQL."""
    found = []
    with connection.cursor() as cursor:
        for model, fields in crypto_rotation.encrypted_columns():
            qn = connection.ops.quote_name
            for f in fields:
                cursor.execute(
                    f"SELECT {qn(f.column)} FROM {qn(model._meta.db_table)} "  # noqa: S608 - names from models
                    f"WHERE {qn(f.column)} IS NOT NULL"
                )
                found += [(model._meta.db_table, f.column, row[0]) for row in cursor.fetchall()]
    return found


def _event_count() -> int:
    return sum(
        model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label == "cases" and model.__name__.endswith("Event") and not model._meta.proxy
    )


@pytest.fixture
def records(old_key, coordinator, manager, investigator):
    """Something in every kind of encrypted column and file, all under the old key."""
    report = factories.ReportFactory(narrative="Narrative under the old key", reporter_name="Ada Reporter")
    report_party = factories.ReportPartyFactory(report=report, name="Robin Respondent", details="Tall")
    complaint = factories.formal_complaint_for(report)
    message = ReporterMessage.objects.create(report=report, direction="from_reporter", body="Hello, old key")
    attachment = factories.attachment_for(report, b"attachment old", message=message)
    staged = EncryptedFileStore("staging").save(b"staged draft upload")
    case = factories.CaseFactory(case_manager=manager, investigator=investigator)
    party = factories.PartyFactory(case=case, name="Robin Respondent", email="robin@example.org")
    note = CaseNote.objects.create(case=case, author=manager, body="Note under the old key")
    measure = factories.SupportiveMeasureFactory(case=case, created_by=manager, details="Old-key measure")
    document = case_document_add(
        case=case,
        kind=CaseDocument.Kind.EVIDENCE,
        filename="statement.pdf",
        content_type="application/pdf",
        data=b"%PDF-1.4 old key document",
        actor=coordinator,
    )
    notification = Notification.objects.create(
        event=Notification.Event.REPORT_SUBMITTED,
        recipients=["someone@example.org"],
        subject="Subject",
        body_text="Body under the old key",
    )
    # Updates write history rows holding ciphertext copies too.
    Party.objects.filter(pk=party.pk).update(role=Party.Role.RESPONDENT, affiliation="employee")
    return {
        "report": report,
        "report_party": report_party,
        "complaint": complaint,
        "message": message,
        "attachment": attachment,
        "staged": staged,
        "case": case,
        "party": party,
        "note": note,
        "measure": measure,
        "document": document,
        "notification": notification,
    }


def _assert_everything_reads(records):
    report = Report.objects.get(pk=records["report"].pk)
    assert report.narrative == "Narrative under the old key"
    assert report.reporter_name == "Ada Reporter"
    assert ReportParty.objects.get(pk=records["report_party"].pk).details == "Tall"
    complaint = FormalComplaint.objects.get(pk=records["complaint"].pk)
    assert complaint.snapshot == "{}"
    assert complaint.signature_name == "Ada Reporter"
    assert ReporterMessage.objects.get(pk=records["message"].pk).body == "Hello, old key"
    attachment = Attachment.objects.get(pk=records["attachment"].pk)
    assert attachment.filename == "evidence.txt"
    assert attachment_read(attachment=attachment) == b"attachment old"
    assert EncryptedFileStore("staging").read(records["staged"]) == b"staged draft upload"
    party = Party.objects.get(pk=records["party"].pk)
    assert (party.name, party.email) == ("Robin Respondent", "robin@example.org")
    assert CaseNote.objects.get(pk=records["note"].pk).body == "Note under the old key"
    document = CaseDocument.objects.get(pk=records["document"].pk)
    assert document.filename == "statement.pdf"
    assert case_document_read(document=document) == b"%PDF-1.4 old key document"
    notification = Notification.objects.get(pk=records["notification"].pk)
    assert notification.recipients == ["someone@example.org"]
    assert notification.body_text == "Body under the old key"
    PartyEvent = apps.get_model("cases", "PartyEvent")
    assert {e.name for e in PartyEvent.objects.filter(pgh_obj_id=party.pk)} == {"Robin Respondent"}
    ReportEvent = apps.get_model("cases", "ReportEvent")
    assert ReportEvent.objects.get(pgh_obj_id=report.pk, pgh_label="insert").narrative == report.narrative


def test_everything_written_under_the_old_key_reads_after_rotation_and_without_the_old_key(
    settings, records, private_root
):
    events_before = _event_count()
    tokens_before = _raw_tokens()
    assert len(tokens_before) > 30
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]

    output = _rotate(batch_size=2)

    assert "reports.Report" in output and "cases.PartyEvent" in output and "files" in output
    assert "0 error(s)" in output
    _assert_everything_reads(records)
    # Rotation wrote no history of its own (pghistory triggers were ignored for it).
    assert _event_count() == events_before

    # Every value in the database is now a token of the new key, and none is left as before.
    new, old = Fernet(NEW_KEY.encode()), Fernet(OLD_KEY.encode())
    tokens_after = _raw_tokens()
    assert len(tokens_after) == len(tokens_before)
    for _table, _column, token in tokens_after:
        new.decrypt(token.encode())
        with pytest.raises(InvalidToken):
            old.decrypt(token.encode())
    files = [p for p in Path(private_root).rglob("*.bin")]
    assert len(files) == 3  # the attachment, the case document, the staged upload
    for path in files:
        new.decrypt(path.read_bytes())

    # The old key can go.
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    _assert_everything_reads(records)
    assert "0 to re-encrypt" in _rotate(check=True)


def test_a_second_run_changes_nothing(settings, records):
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    _rotate()
    tokens = _raw_tokens()
    output = _rotate(batch_size=3)
    assert ", 0 re-encrypted (0 value(s)), 0 error(s)" in output
    assert _raw_tokens() == tokens


def test_an_interrupted_run_continues_where_it_stopped(settings, records):
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    # A table with several rows is interrupted after its first batch.
    first_model, first_fields = next(
        (m, f) for m, f in crypto_rotation.encrypted_columns() if m._base_manager.count() >= 2
    )
    total_rows = first_model._base_manager.count()

    class Interrupted(Exception):
        pass

    def stop_after_first_batch(message):
        raise Interrupted

    with pytest.raises(Interrupted):
        crypto_rotation.rotate_model_fields(
            first_model, first_fields, batch_size=1, progress=stop_after_first_batch
        )
    # The first batch (one row) was committed before the interruption.
    assert crypto_rotation.rotate_model_fields(first_model, first_fields, check_only=True).rotated == (
        total_rows - 1
    )
    with pytest.raises(CommandError, match="still under an old key"):
        _rotate(check=True)

    output = _rotate(batch_size=2)
    assert f"{first_model._meta.label}: {total_rows} row(s) read, {total_rows - 1} re-encrypted" in output
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    _assert_everything_reads(records)


def test_a_value_no_configured_key_opens_stops_the_removal_of_old_keys(settings, records):
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]  # the old key was dropped too early
    err = io.StringIO()
    with pytest.raises(CommandError, match="could not be decrypted"):
        call_command("rotate_field_keys", stdout=io.StringIO(), stderr=err)
    assert f"reports.Report pk={records['report'].pk} narrative" in err.getvalue()
    assert "Narrative under the old key" not in err.getvalue()


def test_every_encrypted_column_and_blind_index_is_found():
    columns = {m._meta.label: {f.name for f in fields} for m, fields in crypto_rotation.encrypted_columns()}
    assert columns["reports.Report"] >= {"narrative", "reporter_name", "reporter_email"}
    assert columns["reports.FormalComplaint"] == {"signature_name", "snapshot"}
    assert columns["notifications.Notification"] >= {"recipients", "subject", "body_text"}
    assert columns["cases.PartyEvent"] == {"name", "email"}
    assert "cases.ReportHistoryProxy" not in columns  # a proxy shares its table: rotated once
    indexes = {
        m._meta.label: {(s.name, i.name, kind) for s, i, kind in pairs}
        for m, pairs in crypto_rotation.blind_index_columns()
    }
    expected = {("name", "name_index", "name"), ("email", "email_index", "email")}
    assert indexes == {
        "cases.Party": expected,
        "cases.PartyEvent": expected,
        "cases.ReportPartyEvent": expected,
        "reports.ReportParty": expected,
    }


# --- Blind index ----------------------------------------------------------------------------


def test_blind_index_rotation_keeps_repeat_respondent_matching(settings, monkeypatch, coordinator):
    old_index_key, new_index_key = "old-blind-index-key-" + "x" * 20, "new-blind-index-key-" + "y" * 20
    settings.BLIND_INDEX_KEY = old_index_key
    first = factories.CaseFactory()
    factories.PartyFactory(case=first, name="Jordan Q. Example", email="jordan@example.org")
    report_party = factories.ReportPartyFactory(name="Example, Jordan", email="JORDAN@example.org")

    settings.BLIND_INDEX_KEY = new_index_key
    second = factories.CaseFactory()
    newcomer = party_save(
        party=Party(case=second, role=Party.Role.RESPONDENT, name="jordan example", email=""),
        actor=coordinator,
    )
    # Before the rotation, the old rows' indexes are under the old key: no match.
    assert repeat_respondent_case_ids(second) == []
    events_before = _event_count()

    monkeypatch.setenv("IDHR_OLD_BLIND_INDEX_KEY", old_index_key)
    out = io.StringIO()
    call_command(
        "rotate_blind_index_key", old_key_env="IDHR_OLD_BLIND_INDEX_KEY", batch_size=1, stdout=out
    )
    assert "0 unexpected stored value(s)" in out.getvalue()

    assert repeat_respondent_case_ids(second) == [first.pk]
    assert repeat_respondent_case_ids(first) == [second.pk]
    report_party.refresh_from_db()
    assert report_party.name_index == newcomer.name_index == blind_index("Jordan Example", kind="name")
    assert report_party.email_index == blind_index("jordan@example.org", kind="email")
    # Event-table copies are recomputed too, and no new history rows were written.
    PartyEvent = apps.get_model("cases", "PartyEvent")
    assert set(PartyEvent.objects.values_list("name_index", flat=True)) == {newcomer.name_index}
    assert _event_count() == events_before

    again = io.StringIO()
    call_command("rotate_blind_index_key", stdout=again)
    assert ", 0 recomputed" in again.getvalue()


def test_blind_index_rotation_refuses_the_same_key(settings, monkeypatch):
    monkeypatch.setenv("SAME_KEY", settings.BLIND_INDEX_KEY)
    with pytest.raises(CommandError, match="same"):
        call_command("rotate_blind_index_key", old_key_env="SAME_KEY", stdout=io.StringIO())


def test_blind_index_rotation_reports_indexes_that_match_neither_key(settings, monkeypatch):
    party = factories.PartyFactory(case=factories.CaseFactory(), name="Sam Sample")
    Party.objects.filter(pk=party.pk).update(name_index="0" * 64)
    monkeypatch.setenv("OLD_KEY", "some-other-key-" + "z" * 20)
    err = io.StringIO()
    call_command("rotate_blind_index_key", old_key_env="OLD_KEY", stdout=io.StringIO(), stderr=err)
    assert f"cases.Party pk={party.pk} name_index" in err.getvalue()
    party.refresh_from_db()
    assert party.name_index == blind_index("Sam Sample", kind="name")
