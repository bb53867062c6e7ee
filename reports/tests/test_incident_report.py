import pytest

from notifications.models import Notification
from reports import services
from reports.models import Report, ReportParty
from reports.tests import steps

pytestmark = pytest.mark.django_db


def test_anonymous_report_is_filed_after_the_last_step_only(client):
    steps.post(client, "/report/", steps.YOU_ANONYMOUS)
    steps.post(client, "/report/what-happened/", steps.WHAT)
    assert Report.objects.count() == 0
    response = steps.file_incident(client)
    assert response.status_code == 302 and response["Location"] == "/report/receipt/"
    report = steps.only_report()
    assert report.kind == Report.Kind.INCIDENT
    assert report.is_anonymous and report.reporter_name is None and report.reporter_email is None
    assert report.narrative == steps.WHAT["narrative"]
    assert report.categories == ["sexual_harassment", "retaliation"]
    assert report.is_title_ix
    assert report.incident_date.isoformat() == "2025-03-14"
    respondent = report.parties.get(role=ReportParty.Role.RESPONDENT)
    assert respondent.name == "Morgan Respondent" and respondent.name_index and respondent.email_index
    witness = report.parties.get(role=ReportParty.Role.WITNESS)
    assert witness.name == "Riley Witness" and witness.name_index == ""


def test_receipt_code_is_shown_until_saved_and_only_its_hash_is_stored(client):
    steps.file_incident(client)
    code = steps.receipt_code(client)
    assert len(code.replace("-", "")) == 25
    report = steps.only_report()
    assert code not in report.receipt_code_hash
    assert steps.receipt_code(client) == code  # a reload shows the same code
    download = client.get("/report/receipt/download/")
    assert download["Content-Type"] == "text/plain; charset=utf-8"
    assert "attachment" in download["Content-Disposition"]
    assert code in download.content.decode()
    # The session keeps it encrypted, never in clear.
    from django.contrib.sessions.models import Session

    stored = Session.objects.get(session_key=client.cookies["sessionid"].value).session_data
    assert code not in stored and code.replace("-", "") not in stored
    assert client.post("/report/receipt/", {"action": "saved"}).status_code == 302
    again = client.get("/report/receipt/")
    assert code not in again.content.decode()
    # The page says when a code is shown, as the receipt page does (not "shown only once").
    assert "until you say you have saved it or your visit to the portal ends" in again.content.decode()
    assert "shown only once" not in again.content.decode()
    assert code not in client.get("/report/receipt/download/").content.decode()


@pytest.mark.parametrize(
    "you,shown,not_shown",
    [
        (steps.YOU_ANONYMOUS, "IDHR cannot contact you", "will contact you and ask"),
        (steps.YOU_NAMED, "will contact you and ask", "IDHR cannot contact you"),
        (
            {**steps.YOU_NAMED, "wants_follow_up": ""},
            "You did not ask to be contacted",
            "will contact you and ask",
        ),
    ],
    ids=["anonymous", "named-follow-up", "named"],
)
def test_what_happens_next_shows_only_the_paragraph_that_applies(client, you, shown, not_shown):
    steps.file_incident(client, you=you)
    page = client.get("/report/receipt/").content.decode()
    assert shown in page and not_shown not in page
    assert ("without saying who you are" in page) == (you is steps.YOU_ANONYMOUS)


def test_named_report_keeps_contact_and_notifies_staff_without_content(client, intake_staff):
    steps.file_incident(client, you=steps.YOU_NAMED)
    report = steps.only_report()
    assert not report.is_anonymous
    assert report.reporter_name == "Avery Reporter"
    assert report.reporter_email == "avery.reporter@example.edu"
    assert report.wants_follow_up
    sent = {n.event: n for n in Notification.objects.all()}
    assert set(sent) == {
        Notification.Event.REPORT_SUBMITTED,
        Notification.Event.TITLE_IX_REPORT,
        Notification.Event.REPORTER_ACKNOWLEDGEMENT,
    }
    # The coordinator gets the Title IX alert only, not a second "new report" email.
    assert sent[Notification.Event.REPORT_SUBMITTED].recipients == ["casemanager@idhr.invalid"]
    assert sent[Notification.Event.TITLE_IX_REPORT].recipients == ["coordinator@idhr.invalid"]
    assert sent[Notification.Event.REPORTER_ACKNOWLEDGEMENT].recipients == ["avery.reporter@example.edu"]
    for notification in sent.values():
        text = notification.subject + notification.body_text + notification.body_html
        assert report.reference in text or notification.event == Notification.Event.REPORTER_ACKNOWLEDGEMENT
        for secret in ("colleague made repeated", "Morgan", "Avery", "Stata"):
            assert secret not in text


def test_anonymous_choice_drops_contact_details_typed_before(client):
    steps.file_incident(client, you={**steps.YOU_NAMED, "identity": "anonymous"})
    report = steps.only_report()
    assert report.is_anonymous and report.reporter_name is None and not report.wants_follow_up


def test_pages_are_not_stored_by_the_browser(client):
    for url in ("/report/", "/complaint/", "/follow-up/", "/report/receipt/"):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url


def test_steps_ahead_of_the_draft_send_the_person_back(client):
    response = client.get("/report/review/")
    assert response.status_code == 302 and response["Location"] == "/report/"


def test_back_keeps_what_was_typed(client):
    steps.post(client, "/report/", steps.YOU_ANONYMOUS)
    response = client.post(
        "/report/what-happened/", {**steps.WHAT, "narrative": "Half-written story", "action": "back"}
    )
    assert response["Location"] == "/report/"
    page = client.get("/report/what-happened/").content.decode()
    assert "Half-written story" in page


def test_discard_clears_the_draft(client):
    steps.post(client, "/report/", steps.YOU_ANONYMOUS)
    steps.post(client, "/report/what-happened/", {**steps.WHAT, "narrative": "Something private"})
    asked = client.post("/report/people/", {"action": "discard"})
    assert asked["Location"] == "/report/clear/?step=people"
    assert "Clear your answers?" in client.get(asked["Location"]).content.decode()
    assert client.get("/report/people/").status_code == 200  # nothing cleared yet
    client.post("/report/clear/", {"action": "clear"})
    assert client.get("/report/people/")["Location"] == "/report/"
    assert "Something private" not in client.get("/report/what-happened/", follow=True).content.decode()


def _double_click_review(client):
    """Submit the review page twice, the second time with the session of the first click."""
    steps.post(client, "/report/", steps.YOU_ANONYMOUS)
    steps.post(client, "/report/what-happened/", steps.WHAT)
    steps.post(client, "/report/people/", steps.people())
    steps.post(client, "/report/files/", {})
    review = client.get("/report/review/")
    token = steps.token_from(review)
    session_cookie = client.cookies["sessionid"].value
    first = client.post("/report/review/", {"action": "submit", "token": token})
    assert first.status_code == 302 and first["Location"] == "/report/receipt/"
    code = steps.receipt_code(client)
    # The second click of a double click still carries the old session.
    client.cookies["sessionid"] = session_cookie
    second = client.post("/report/review/", {"action": "submit", "token": token})
    return code, second


def test_double_submit_creates_one_report(client):
    code, second = _double_click_review(client)
    assert second.status_code == 302
    assert Report.objects.count() == 1
    assert services.receipt_code_verify(code=code, client="192.0.2.1") == steps.only_report()


def test_double_submit_shows_the_same_receipt(client):
    code, second = _double_click_review(client)
    assert second.status_code == 302 and second["Location"] == "/report/receipt/"
    assert steps.receipt_code(client) == code
    assert services.receipt_code_verify(code=code, client="192.0.2.1") == steps.only_report()


def test_add_another_person_keeps_typed_rows(client):
    steps.post(client, "/report/", steps.YOU_ANONYMOUS)
    steps.post(client, "/report/what-happened/", steps.WHAT)
    data = {**steps.people([steps.RESPONDENT]), "action": "add_respondent"}
    response = client.post("/report/people/", data)
    assert response.status_code == 302
    page = client.get("/report/people/").content.decode()
    assert "Morgan Respondent" in page
    assert 'name="respondent-1-name"' in page


OPTIONAL = ' <span class="text-body-secondary fw-normal">(optional)</span></label>'


def test_a_date_field_shown_for_a_choice_is_not_labelled_optional(client):
    steps.post(client, "/report/", steps.YOU_ANONYMOUS)
    page = client.get("/report/what-happened/").content.decode()
    assert f'for="id_incident_date">Date{OPTIONAL}' not in page
    assert 'for="id_incident_date">Date</label>' in page
    assert f'for="id_location_detail">Describe the place, if you can{OPTIONAL}' in page  # truly optional


def test_the_first_respondent_of_a_complaint_is_not_labelled_optional(client):
    steps.post(client, "/complaint/", steps.COMPLAINANT)
    steps.post(client, "/complaint/what-happened/", steps.WHAT)
    page = client.get("/complaint/people/").content.decode()
    assert 'for="id_respondent-0-name">Name</label>' in page
    assert f'for="id_witness-0-name">Name{OPTIONAL}' in page
