import time

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from notifications.models import Notification
from reports import services
from reports.models import Report, ReporterMessage
from reports.tests.factories import ReportFactory, staff_user

pytestmark = pytest.mark.django_db


def _open(client, code):
    return client.post("/follow-up/", {"code": code})


def test_code_opens_the_report_shows_staff_messages_and_takes_a_reply(client):
    code = services.receipt_code_new()
    report = ReportFactory(receipt_code=code)
    staff = staff_user()
    services.staff_message_add(
        report=report, author=staff, body="Thank you. Can you tell us <b>when</b> it started?"
    )
    services.report_status_set(report=report, status=Report.Status.UNDER_REVIEW)
    response = _open(client, code)
    assert response.status_code == 302 and response["Location"] == "/follow-up/"
    page = client.get("/follow-up/").content.decode()
    assert "Under review" in page
    assert "Thank you. Can you tell us &lt;b&gt;when&lt;/b&gt; it started?" in page
    assert staff.username not in page
    reply = client.post("/follow-up/message/", {"body": "It started in September."})
    assert reply.status_code == 302
    assert report.messages.filter(
        direction=ReporterMessage.Direction.FROM_REPORTER, author=None
    ).get().body == ("It started in September.")
    assert "It started in September." in client.get("/follow-up/").content.decode()
    # The office hears that a reply is waiting (one notice), never what it says.
    notice = Notification.objects.get(event=Notification.Event.REPORTER_MESSAGE)
    assert "September" not in f"{notice.subject} {notice.body_text} {notice.body_html}"


def test_code_is_accepted_in_small_letters_and_without_dashes(client):
    code = services.receipt_code_new()
    ReportFactory(receipt_code=code)
    assert _open(client, code.replace("-", " ").lower())["Location"] == "/follow-up/"


def test_wrong_and_unknown_codes_get_the_same_answer(client):
    ReportFactory()
    wrong = _open(client, services.receipt_code_new()).content.decode()
    garbage = _open(client, "not a code at all").content.decode()
    message = "We could not open a report with that code"
    assert message in wrong and message in garbage
    assert "Check on a report" in wrong


def test_the_code_is_never_taken_from_the_url(client):
    code = services.receipt_code_new()
    report = ReportFactory(receipt_code=code)
    services.report_status_set(report=report, status=Report.Status.UNDER_REVIEW)
    page = client.get(f"/follow-up/?code={code}").content.decode()
    # Still the page that asks for the code; nothing of the report is shown.
    assert "Enter the receipt code" in page and 'method="post"' in page
    assert report.reference not in page and "Under review" not in page
    assert "Enter the receipt code" in client.get("/follow-up/").content.decode()  # no session was opened


@override_settings(REPORTS_FOLLOW_UP_ATTEMPTS_PER_MINUTE=3)
def test_attempts_are_rate_limited_without_addresses(client):
    for _ in range(3):
        assert _open(client, services.receipt_code_new()).status_code == 200
    limited = _open(client, services.receipt_code_new())
    assert limited.status_code == 429
    assert "Too many attempts" in limited.content.decode()


def test_one_code_tried_over_and_over_is_limited(client):
    code = services.receipt_code_new()
    for _ in range(10):
        _open(client, code)
    assert _open(client, code).status_code == 429


def test_follow_up_session_ends_after_thirty_idle_minutes(client, monkeypatch):
    code = services.receipt_code_new()
    ReportFactory(receipt_code=code)
    _open(client, code)
    assert "Enter the receipt code" not in client.get("/follow-up/").content.decode()
    later = time.time() + 31 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    page = client.get("/follow-up/").content.decode()
    assert "Enter the receipt code" in page


def test_sign_out_ends_the_follow_up(client):
    code = services.receipt_code_new()
    ReportFactory(receipt_code=code)
    _open(client, code)
    client.post("/follow-up/sign-out/")
    assert "Enter the receipt code" in client.get("/follow-up/").content.decode()


def test_empty_and_oversized_replies_are_refused_and_kept(client):
    code = services.receipt_code_new()
    report = ReportFactory(receipt_code=code)
    _open(client, code)
    empty = client.post("/follow-up/message/", {"body": "   "})
    assert "Please write a message." in empty.content.decode()
    long = "x" * 10_001
    too_long = client.post("/follow-up/message/", {"body": long})
    assert "is too long: please keep it under 10,000 characters (it has 10,001)." in too_long.content.decode()
    assert f"{long}</textarea>" in too_long.content.decode()  # what was typed is kept
    assert report.messages.count() == 0


def test_report_status_set_refuses_unknown_status():
    report = ReportFactory()
    with pytest.raises(ValidationError):
        services.report_status_set(report=report, status="lost")
    services.report_status_set(report=report, status=Report.Status.CLOSED)
    report.refresh_from_db()
    assert report.status == Report.Status.CLOSED


@pytest.mark.parametrize(
    "separator",
    ["\u2013", "\u2014", "\u2010", "\u2011", "\u2212", "\uff0d"],
    ids=["en dash", "em dash", "hyphen", "non-breaking hyphen", "minus sign", "full-width hyphen"],
)
def test_code_kept_in_a_notes_app_or_a_document_still_opens_the_report(client, separator):
    # Word processors and phones' smart punctuation turn "-" into other dashes; the
    # hint on the page says "with or without dashes".
    code = services.receipt_code_new()
    ReportFactory(receipt_code=code)
    assert _open(client, code.replace("-", separator))["Location"] == "/follow-up/"


def test_code_typed_in_full_width_characters_opens_the_report(client):
    code = services.receipt_code_new()
    ReportFactory(receipt_code=code)
    full_width = "".join(chr(ord(c) + 0xFEE0) if c != "-" else c for c in code)
    assert _open(client, full_width)["Location"] == "/follow-up/"
