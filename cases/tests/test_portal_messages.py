"""Messages between a party and the IDHR Office in the portal (issue 15, item 6): bodies
encrypted at rest, content-free emails both ways (markers grepped in what the real SMTP
server received), the staff unread indicator and reply, one thread per party."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from cases.models import PortalMessage

from . import factories
from .test_portal import (  # noqa: F401
    COMPLAINANT_NAME,
    RESPONDENT_NAME,
    code_in,
    deliver_all,
    link_in,
    mails_to,
    make_case,
    sign_in,
    smtp_server,
    text_of,
)
from .test_portal_account import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _staff_groups(groups):
    """The staff groups with their permissions (a transactional test before may have flushed them)."""

PARTY_WORDS = "The periwinkle zeppelin left at dawn"
STAFF_WORDS = "Bring the saffron otter folder on Tuesday"


def case_page(client, case):
    return client.get(reverse("admin:cases_case_change", args=[case.pk])).content.decode()


def thread_url(case, party):
    return reverse("admin:cases_case_portal_thread", args=[case.pk, party.pk])


def test_message_emails_both_ways_carry_no_message_text_or_names(smtp_server):  # noqa: F811
    manager, case, complainant, respondent = make_case()
    browser = signed_in(smtp_server, manager, complainant)
    assert browser.post("/portal/messages/", {"body": PARTY_WORDS}).status_code == 302
    deliver_all()
    (to_staff,) = mails_to(smtp_server, manager.email)
    text = text_of(to_staff)
    assert case.reference in text and "complainant" in text
    for marker in ("periwinkle", "zeppelin", COMPLAINANT_NAME, RESPONDENT_NAME, "Zephyrwood", "glasswing"):
        assert marker not in text

    staff = Client()
    staff.force_login(manager)
    assert staff.post(thread_url(case, complainant), {"body": STAFF_WORDS}).status_code == 302
    deliver_all()
    notice = mails_to(smtp_server, "complainant-a@example.org")[-1]
    text = text_of(notice)
    assert "sent you a new message" in text
    for marker in ("saffron", "otter", "periwinkle", COMPLAINANT_NAME, RESPONDENT_NAME, "glasswing", case.reference):
        assert marker not in text
    assert mails_to(smtp_server, "respondent-a@example.org") == []

    # The link in the notice opens the thread after the one-time code.
    reader = sign_in(Client(), smtp_server, complainant, link_in(notice))
    page = reader.get("/portal/messages/").content.decode()
    assert STAFF_WORDS in page and PARTY_WORDS in page


def test_message_bodies_are_encrypted_at_rest(smtp_server):  # noqa: F811
    manager, case, complainant, respondent = make_case()
    signed_in(smtp_server, manager, respondent).post("/portal/messages/", {"body": PARTY_WORDS})
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM cases_portalmessage")
        (stored,) = cursor.fetchone()
    assert "periwinkle" not in stored and PortalMessage.objects.get().body == PARTY_WORDS


def test_staff_see_an_unread_indicator_until_they_open_the_thread_and_can_reply(smtp_server):  # noqa: F811
    manager, case, complainant, respondent = make_case()
    browser = signed_in(smtp_server, manager, respondent)
    browser.post("/portal/messages/", {"body": PARTY_WORDS})
    browser.post("/portal/messages/", {"body": "A second note"})
    staff = Client()
    staff.force_login(manager)
    page = case_page(staff, case)
    assert f'id="portal-unread-{respondent.pk}">2 unread<' in page
    assert f'id="portal-unread-{complainant.pk}"' not in page
    thread = staff.get(thread_url(case, respondent)).content.decode()
    assert PARTY_WORDS in thread and "unread until now" in thread
    assert "portal-unread-" not in case_page(staff, case)
    empty = staff.post(thread_url(case, respondent), {"body": "   "})
    assert "Please write a message." in empty.content.decode()
    staff.post(thread_url(case, respondent), {"body": STAFF_WORDS})
    page = browser.get("/portal/messages/").content.decode()
    assert STAFF_WORDS in page and "New" in page
    assert "read by the party" in staff.get(thread_url(case, respondent)).content.decode()


def test_a_party_never_sees_the_other_partys_thread(smtp_server):  # noqa: F811
    manager, case, complainant, respondent = make_case()
    signed_in(smtp_server, manager, complainant).post("/portal/messages/", {"body": PARTY_WORDS})
    staff = Client()
    staff.force_login(manager)
    staff.post(thread_url(case, complainant), {"body": STAFF_WORDS})
    other = signed_in(smtp_server, manager, respondent)
    for url in ("/portal/messages/", "/portal/case/", "/portal/"):
        page = other.get(url).content.decode()
        assert "periwinkle" not in page and "saffron" not in page, url
    assert "No messages yet." in other.get("/portal/messages/").content.decode()


def test_a_bad_message_is_explained_and_keeps_what_was_typed(smtp_server):  # noqa: F811
    manager, case, complainant, respondent = make_case()
    browser = signed_in(smtp_server, manager, complainant)
    page = browser.post("/portal/messages/", {"body": "  "}).content.decode()
    assert "Please write a message." in page
    long = "Lorem ipsum " * 900  # 10,800 characters
    response = browser.post("/portal/messages/", {"body": long})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please keep a message under 10,000 characters." in page and long.strip() in page
    assert not PortalMessage.objects.exists()


def test_staff_outside_the_case_and_the_bias_response_team_cannot_open_a_thread(smtp_server):  # noqa: F811
    manager, case, complainant, respondent = make_case()
    other_manager, other_case, other_complainant, _other = make_case("Ann Other", "Ben Other", tag="b")
    signed_in(smtp_server, manager, complainant).post("/portal/messages/", {"body": PARTY_WORDS})
    for user in (other_manager, factories.brt_member(username="brt-a")):
        staff = Client()
        staff.force_login(user)
        response = staff.get(thread_url(case, complainant))
        assert response.status_code in (403, 404), user.username
        assert "periwinkle" not in response.content.decode()
    staff = Client()
    staff.force_login(manager)
    # A party of another case under this case's address: not found.
    assert staff.get(thread_url(case, other_complainant)).status_code == 404
    assert staff.post(thread_url(case, other_complainant), {"body": STAFF_WORDS}).status_code == 404
    assert not PortalMessage.objects.filter(party=other_complainant).exists()
