"""The party portal (issue 15): content-free emails, single-use expiring links, a one-time
code before anything is shown, idle sign-out, one party never reaching another's letters,
and read receipts.

Markers (names, allegation, letter wording) are put into the case first and looked for in
every email the real SMTP server received.
"""

import datetime
import re
import time

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from cases.models import Allegation, Letter, LetterReceipt, Party, PartyInvitation
from cases.services.letters import letter_prepare
from cases.services.portal import letter_send_via_portal, party_portal_invite
from notifications.models import Notification
from notifications.services import notification_deliver
from notifications.tests.support import SMTPRecorder

from . import factories

pytestmark = pytest.mark.django_db

COMPLAINANT_NAME = "Quinlan Zephyrwood"
RESPONDENT_NAME = "Marisol Vantablack"
CONDUCT = "Sent threatening messages about the glasswing aquarium"
PLACE = "Building 77 observatory"


@pytest.fixture
def smtp_server(settings):
    server = SMTPRecorder().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield server
    server.stop()


def make_case(complainant_name=COMPLAINANT_NAME, respondent_name=RESPONDENT_NAME, tag="a"):
    manager = factories.case_manager(username=f"manager-{tag}")
    case = factories.CaseFactory(case_manager=manager, process_track="student_cod")
    complainant = factories.PartyFactory(
        case=case, role=Party.Role.COMPLAINANT, name=complainant_name, email=f"complainant-{tag}@example.org"
    )
    respondent = factories.PartyFactory(
        case=case, role=Party.Role.RESPONDENT, name=respondent_name, email=f"respondent-{tag}@example.org"
    )
    Allegation.objects.create(
        case=case,
        number=1,
        respondent=respondent,
        complainant=complainant,
        conduct=CONDUCT,
        policy_provision="Mind and Hand Book II(7)(E)(2)",
        occurred_on=datetime.date(2026, 10, 3),
        place=PLACE,
        added_by=manager,
    )
    return manager, case, complainant, respondent


def deliver_all():
    for pk in Notification.objects.filter(status="pending").order_by("pk").values_list("pk", flat=True):
        notification_deliver(notification_id=pk)


def mails_to(smtp, address):
    return [message for to, message in smtp.delivered if address in to]


def text_of(message) -> str:
    parts = [part.get_content() for part in message.walk() if part.get_content_type() in ("text/plain", "text/html")]
    return str(message["Subject"]) + "\n" + "\n".join(parts)


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/portal/invitation/[^\s<\"]+/)", text_of(message)).group(1)


def code_in(message) -> str:
    return re.search(r"\b(\d{6})\b", text_of(message)).group(1)


def sign_in(client, smtp, party, path):
    """Open `path` (an invitation link), ask for the code, type it: the portal's home."""
    before = len(mails_to(smtp, party.email))
    response = client.post(path)
    assert response.status_code == 302 and response["Location"] == "/portal/code/"
    deliver_all()
    code = code_in(mails_to(smtp, party.email)[before])
    response = client.post("/portal/code/", {"code": code})
    assert response.status_code == 302 and response["Location"] == "/portal/"
    return client


def test_invitation_and_code_emails_carry_no_name_allegation_or_letter_text(client, smtp_server):
    manager, case, complainant, respondent = make_case()
    party_portal_invite(party=complainant, actor=manager)
    deliver_all()
    (invite,) = mails_to(smtp_server, "complainant-a@example.org")
    path = link_in(invite)
    client.post(path)
    deliver_all()
    (_, code_mail) = mails_to(smtp_server, "complainant-a@example.org")
    for message in (invite, code_mail):
        text = text_of(message)
        for marker in (COMPLAINANT_NAME, "Zephyrwood", RESPONDENT_NAME, "Vantablack", "glasswing", "observatory"):
            assert marker not in text
    assert "has a document for you" in text_of(invite)
    assert mails_to(smtp_server, "respondent-a@example.org") == []


def test_nothing_is_shown_before_the_code(client, smtp_server):
    manager, case, complainant, respondent = make_case()
    letters = letter_prepare(case=case, kind="allegations", recipients=[complainant], actor=manager)
    letter_send_via_portal(letters=letters, actor=manager)
    deliver_all()
    path = link_in(mails_to(smtp_server, "complainant-a@example.org")[0])
    opened = client.get(path)
    assert opened.status_code == 200 and "Email me a code" in opened.content.decode()
    client.post(path)
    for url in ("/portal/", f"/portal/letters/{letters[0].pk}/", f"/portal/letters/{letters[0].pk}/pdf/"):
        page = client.get(url).content.decode()
        assert "glasswing" not in page and "Notice of allegations" not in page
        assert "open the newest link the office emailed you" in page


def test_a_link_works_once_and_a_used_link_is_refused_with_a_clear_page(client, smtp_server):
    manager, case, complainant, respondent = make_case()
    party_portal_invite(party=complainant, actor=manager)
    deliver_all()
    path = link_in(mails_to(smtp_server, "complainant-a@example.org")[0])
    sign_in(client, smtp_server, complainant, path)
    again = client.post(path)
    assert again.status_code == 410
    assert "This link has already been used. Each link works only once." in again.content.decode()
    assert PartyInvitation.objects.get().token_hash not in path  # only a hash is stored
    assert len(PartyInvitation.objects.get().token_hash) == 64


def test_an_expired_link_is_refused_with_a_clear_page(client, smtp_server, settings):
    manager, case, complainant, respondent = make_case()
    invitation = party_portal_invite(party=complainant, actor=manager)
    assert invitation.expires_at - invitation.created_at > datetime.timedelta(days=6, hours=23)
    assert invitation.expires_at - invitation.created_at < datetime.timedelta(days=7, minutes=1)
    deliver_all()
    path = link_in(mails_to(smtp_server, "complainant-a@example.org")[0])
    PartyInvitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    refused = client.post(path)
    assert refused.status_code == 410 and "This link has expired." in refused.content.decode()
    assert len(mails_to(smtp_server, "complainant-a@example.org")) == 1  # no code sent


def test_a_wrong_code_is_explained_keeps_what_was_typed_and_five_wrong_codes_end_the_link(client, smtp_server):
    manager, case, complainant, respondent = make_case()
    party_portal_invite(party=complainant, actor=manager)
    deliver_all()
    client.post(link_in(mails_to(smtp_server, "complainant-a@example.org")[0]))
    deliver_all()
    code = code_in(mails_to(smtp_server, "complainant-a@example.org")[1])
    wrong = "000000" if code != "000000" else "111111"
    page = client.post("/portal/code/", {"code": "12ab"}).content.decode()
    assert "The code is 6 digits, for example 123456." in page and 'value="12ab"' in page
    for _attempt in range(5):
        page = client.post("/portal/code/", {"code": wrong}).content.decode()
    assert "That is not the code we sent." in page and f'value="{wrong}"' in page
    locked = client.post("/portal/code/", {"code": code})
    assert locked.status_code == 410 and "Too many wrong codes were typed." in locked.content.decode()
    assert "Your documents" not in client.get("/portal/").content.decode()


def test_the_session_ends_after_idle_time_and_on_sign_out(client, smtp_server, settings):
    manager, case, complainant, respondent = make_case()
    party_portal_invite(party=complainant, actor=manager)
    party_portal_invite(party=complainant, actor=manager)
    deliver_all()
    first, second = mails_to(smtp_server, "complainant-a@example.org")
    settings.PORTAL_IDLE_SECONDS = 15 * 60
    sign_in(client, smtp_server, complainant, link_in(first))
    with time_machine.travel(time.time(), tick=False) as clock:  # the server's clock, stopped
        assert "Your documents" in client.get("/portal/").content.decode()
        clock.shift(datetime.timedelta(minutes=15, seconds=10))
        assert "Your documents" not in client.get("/portal/").content.decode()
    settings.PORTAL_IDLE_SECONDS = 900
    sign_in(client, smtp_server, complainant, link_in(second))
    assert "Your documents" in client.get("/portal/").content.decode()
    client.post("/portal/sign-out/")
    assert "Your documents" not in client.get("/portal/").content.decode()


def test_no_party_reaches_another_party_or_case_or_an_unsent_letter(smtp_server):
    cases = [make_case(tag="a"), make_case("Ann Other", "Ben Other", tag="b")]
    letters = {}
    for manager, case, complainant, respondent in cases:
        sent = letter_prepare(
            case=case, kind="allegations", recipients=[complainant, respondent], actor=manager
        )
        letter_send_via_portal(letters=sent, actor=manager)
        draft = letter_prepare(case=case, kind="allegations", recipients=[complainant], actor=manager)
        for letter in [*sent, *draft]:
            letters[letter.pk] = letter
    deliver_all()
    parties = [party for _m, _c, *pair in cases for party in pair]
    for party in parties:
        browser = sign_in(Client(), smtp_server, party, link_in(mails_to(smtp_server, party.email)[0]))
        home = browser.get("/portal/").content.decode()
        for pk, letter in letters.items():
            own = letter.recipient_id == party.pk and letter.sent_at is not None
            for url in (f"/portal/letters/{pk}/", f"/portal/letters/{pk}/pdf/"):
                assert browser.get(url).status_code == (200 if own else 404), (party.role, url)
            assert (f"/portal/letters/{pk}/" in home) == own
        assert browser.get("/admin/").status_code == 302  # the admin wants a staff sign-in
        assert browser.get(f"/admin/cases/case/{party.case_id}/change/").status_code == 302


def test_read_receipts_record_published_notice_accepted_first_opened_and_downloaded(client, smtp_server):
    from cases.selectors.portal import letter_delivery

    manager, case, complainant, respondent = make_case()
    (letter,) = letter_prepare(case=case, kind="allegations", recipients=[respondent], actor=manager)
    before = timezone.now()
    letter_send_via_portal(letters=[letter], actor=manager)
    letter.refresh_from_db()
    state = letter_delivery(letter=letter)
    assert letter.sent_channel == "portal" and state["published_at"] >= before
    assert state["notice_accepted_at"] is None and state["first_opened_at"] is None
    deliver_all()
    assert letter_delivery(letter=letter)["notice_accepted_at"] >= state["published_at"]
    sign_in(client, smtp_server, respondent, link_in(mails_to(smtp_server, "respondent-a@example.org")[0]))
    assert letter_delivery(letter=letter)["first_opened_at"] is None
    page = client.get(f"/portal/letters/{letter.pk}/").content.decode()
    assert "glasswing" in page  # the letter itself, in the portal
    opened = letter_delivery(letter=letter)["first_opened_at"]
    assert opened is not None
    client.get(f"/portal/letters/{letter.pk}/")
    assert letter_delivery(letter=letter)["first_opened_at"] == opened
    pdf = client.get(f"/portal/letters/{letter.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert letter_delivery(letter=letter)["downloaded_at"] >= opened
    assert "no-store" in client.get("/portal/")["Cache-Control"]


def test_a_letter_without_an_address_for_its_recipient_is_not_sent_via_portal():
    manager, case, complainant, respondent = make_case()
    Party.objects.filter(pk=respondent.pk).update(email="")
    respondent.refresh_from_db()
    (letter,) = letter_prepare(case=case, kind="allegations", recipients=[respondent], actor=manager)
    with pytest.raises(ValidationError, match="no email address for the respondent"):
        letter_send_via_portal(letters=[letter], actor=manager)
    assert Letter.objects.get(pk=letter.pk).sent_at is None
    assert not LetterReceipt.objects.exists() and not Notification.objects.exists()
