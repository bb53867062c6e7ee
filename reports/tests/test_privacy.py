"""What an anonymous report leaves behind: no address, no user agent, nothing readable."""

import logging
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from idhr_portal.crypto import InvalidToken
from reports import services
from reports.models import Attachment, Report
from reports.tests import steps

pytestmark = pytest.mark.django_db

PROBE_IP = "203.0.113.187"
PROBE_UA = "PrivacyProbe/7.3 (Distinctive-UA-4f9a2c)"
SECRET_NARRATIVE = "Zanzibar-marmalade narrative that must never be stored in plain text"
SECRET_NAME = "Quentin Xylophone-Privacy"
SECRET_EMAIL = "quentin.xylophone@example.edu"
SECRET_FILE = b"%PDF-1.4\nsecret attachment body: aubergine-umbrella-77\n%%EOF\n"


def every_row_as_text() -> str:
    """Every row of every table in the database, cast to text."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT t::text FROM "{table}" t')  # noqa: S608 (names from introspection)
            chunks.extend(row[0] for row in cursor.fetchall())
    return "\n".join(chunks)


def files_on_disk() -> bytes:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return b"".join(p.read_bytes() for p in root.rglob("*") if p.is_file()) if root.exists() else b""


def file_probe_report(client):
    extra = {"REMOTE_ADDR": PROBE_IP, "HTTP_USER_AGENT": PROBE_UA}
    upload = SimpleUploadedFile("evidence.pdf", SECRET_FILE, content_type="application/pdf")
    return steps.file_incident(
        client,
        what={**steps.WHAT, "narrative": SECRET_NARRATIVE},
        people_data=steps.people([{"name": SECRET_NAME, "email": SECRET_EMAIL}]),
        files=[upload],
        **extra,
    )


def test_anonymous_report_stores_no_ip_or_user_agent_anywhere(client, caplog, intake_staff):
    caplog.set_level(logging.DEBUG)
    response = file_probe_report(client)
    assert response.status_code == 302
    code = steps.receipt_code(client)
    assert Report.objects.get().attachments.count() == 1
    # coming back with the code, and replying, leaves no trace of the client either
    extra = {"REMOTE_ADDR": PROBE_IP, "HTTP_USER_AGENT": PROBE_UA}
    client.post("/follow-up/", {"code": "WRONG"}, **extra)
    client.post("/follow-up/", {"code": code}, **extra)
    assert client.post("/follow-up/message/", {"body": "More details"}, **extra).status_code == 302
    everything = every_row_as_text()
    assert Report.objects.exists() and "R-" in everything  # the dump really holds the report
    for probe in (PROBE_IP, PROBE_UA, "Distinctive-UA", "203.0.113"):
        assert probe not in everything
        assert probe not in caplog.text
    report = Report.objects.get()
    assert report.is_anonymous
    # no session or user link: the draft's session is gone after the submit
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_session")
        sessions = cursor.fetchone()[0]
    assert sessions <= 1  # only the fresh one holding the receipt to show once
    field_names = {f.name for f in Report._meta.get_fields()}
    assert not field_names & {"user", "session", "session_key", "ip", "ip_address", "user_agent"}


def test_nothing_readable_is_stored_in_the_database_or_on_disk(client, intake_staff):
    # while the draft waits in the session, and after it was sent
    steps.post(client, "/report/", steps.YOU_NAMED | {"name": SECRET_NAME, "email": SECRET_EMAIL})
    steps.post(client, "/report/what-happened/", {**steps.WHAT, "narrative": SECRET_NARRATIVE})
    steps.post(client, "/report/people/", steps.people([{"name": SECRET_NAME}]))
    steps.post(client, "/report/files/", {"files": [SimpleUploadedFile("e.pdf", SECRET_FILE)]})
    for stage in ("draft", "sent"):
        everything = every_row_as_text()
        disk = files_on_disk()
        for secret in (
            SECRET_NARRATIVE,
            SECRET_NAME,
            SECRET_EMAIL,
            "Zanzibar",
            "Xylophone",
            "aubergine-umbrella",
        ):
            assert secret not in everything, (stage, secret)
            assert secret.encode() not in disk, (stage, secret)
        assert b"aubergine" not in disk
        if stage == "draft":
            assert disk, "the staged upload is on disk (encrypted)"
            review = client.get("/report/review/")
            client.post("/report/review/", {"action": "submit", "token": steps.token_from(review)})
    report = Report.objects.get()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT narrative, reporter_name, reporter_email FROM reports_report WHERE id = %s", [report.pk]
        )
        raw = cursor.fetchone()
    assert all(value.startswith("gAAAAA") for value in raw)  # Fernet tokens
    assert report.reporter_name == SECRET_NAME and report.narrative == SECRET_NARRATIVE
    attachment = Attachment.objects.get()
    assert services.attachment_read(attachment=attachment) == SECRET_FILE
    assert attachment.filename == "e.pdf"
    assert not list((Path(settings.PRIVATE_MEDIA_ROOT) / "staging").glob("*"))


def test_records_written_with_an_old_key_still_read_after_a_new_key_is_put_first(client, settings):
    old_keys = list(settings.FIELD_ENCRYPTION_KEYS)
    file_probe_report(client)
    report_id = Report.objects.get().pk
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, *old_keys]
    report = Report.objects.get(pk=report_id)
    assert report.narrative == SECRET_NARRATIVE
    assert report.parties.get().name == SECRET_NAME
    assert services.attachment_read(attachment=report.attachments.get()) == SECRET_FILE
    # new writes use the new key: they no longer read without it
    services.staff_message_add(report=report, author=None, body="written under the new key")
    settings.FIELD_ENCRYPTION_KEYS = old_keys
    with pytest.raises(InvalidToken):
        list(report.messages.values_list("body", flat=True))
