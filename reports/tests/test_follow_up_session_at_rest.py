"""Nothing in django_session tells which report a browser followed up on.

Anyone reading the database (a backup, a replica) must not learn "a browser was on
report N at that time": the follow-up state is one Fernet token like the drafts, and it
is gone from the database at sign-out.
"""
import json

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

from reports import services
from reports.tests.factories import ReportFactory

pytestmark = pytest.mark.django_db


def raw_session_rows() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT session_key, session_data FROM django_session")
        return list(cursor.fetchall())


def test_the_session_row_holds_no_report_id(client):
    code = services.receipt_code_new()
    report = ReportFactory(receipt_code=code)
    assert client.post("/follow-up/", {"code": code})["Location"] == "/follow-up/"
    assert "Enter the receipt code" not in client.get("/follow-up/").content.decode()  # signed in

    rows = raw_session_rows()
    assert len(rows) == 1
    key, raw = rows[0]
    data = SessionStore().decode(raw)  # what anyone with the database (and SECRET_KEY) reads
    state = data["reports:follow-up"]
    assert isinstance(state, str) and state.startswith("gAAAAA")  # a Fernet token
    text = json.dumps(data)
    assert '"report"' not in text
    assert report.reference not in text
    assert f": {report.pk}" not in text and f":{report.pk}" not in text


def test_sign_out_leaves_no_follow_up_state_in_the_database(client):
    code = services.receipt_code_new()
    ReportFactory(receipt_code=code)
    client.post("/follow-up/", {"code": code})

    client.post("/follow-up/sign-out/")

    for _, raw in raw_session_rows():
        assert "reports:follow-up" not in SessionStore().decode(raw)
