"""Party portal sessions (issue 15, item 1): the portal keeps its own session keys (a staff
member signed into the admin in the same browser stays signed in, and neither sign-in
counts as the other), a returning party's password (Django's validators, rate limited),
the "signed out after inactivity" page and "sign out everywhere"."""

import datetime
import time

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from cases.models import PortalAccount
from cases.services.portal import party_portal_invite

from .test_portal import deliver_all, link_in, mails_to, make_case, sign_in, smtp_server  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _staff_groups(groups):
    """The staff groups with their permissions (a transactional test before may have flushed them)."""

GOOD_PASSWORD = "lantern-orchard-quiet-47"


def invited(smtp, manager, party):
    """A fresh invitation link for `party` (the path of the newest one)."""
    party_portal_invite(party=party, actor=manager)
    deliver_all()
    return link_in(mails_to(smtp, party.email)[-1])


def signed_in(smtp, manager, party, client=None):
    client = client or Client()
    return sign_in(client, smtp, party, invited(smtp, manager, party))


def test_signing_into_and_out_of_the_portal_keeps_the_staff_sign_in_of_the_same_browser(client, smtp_server):  # noqa: F811
    manager, case, complainant, respondent = make_case()
    client.force_login(manager)
    case_page = reverse("admin:cases_case_change", args=[case.pk])
    assert client.get(case_page).status_code == 200
    sign_in(client, smtp_server, complainant, invited(smtp_server, manager, complainant))
    assert client.get(case_page).status_code == 200
    assert "Your case" in client.get("/portal/case/").content.decode()
    client.post("/portal/sign-out/")
    assert client.get(case_page).status_code == 200
    assert "open the newest link the office emailed you" in client.get("/portal/case/").content.decode()


def test_a_staff_sign_in_is_no_party_session_and_a_party_session_is_no_staff_sign_in(client, smtp_server):  # noqa: F811
    manager, case, complainant, respondent = make_case()
    client.force_login(manager)
    for url in ("/portal/", "/portal/case/", "/portal/messages/", "/portal/account/"):
        page = client.get(url).content.decode()
        assert "open the newest link the office emailed you" in page, url
        assert "Marisol" not in page and "Quinlan" not in page
    party_browser = signed_in(smtp_server, manager, respondent)
    response = party_browser.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_password_follows_the_validators_and_a_wrong_one_keeps_the_email_typed(smtp_server):  # noqa: F811
    manager, case, complainant, respondent = make_case()
    browser = signed_in(smtp_server, manager, complainant)
    page = browser.post("/portal/account/", {"password": "short", "confirm": "short"}).content.decode()
    assert "This password is too short. It must contain at least 12 characters." in page
    page = browser.post("/portal/account/", {"password": "123456789012345", "confirm": "123456789012345"})
    assert "This password is entirely numeric." in page.content.decode()
    page = browser.post("/portal/account/", {"password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD + "x"})
    assert "The two passwords are not the same." in page.content.decode()
    assert not PortalAccount.objects.exclude(password="").exists()
    response = browser.post("/portal/account/", {"password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD})
    assert response.status_code == 302
    stored = PortalAccount.objects.get(party=complainant)
    assert GOOD_PASSWORD not in stored.password and stored.password

    fresh = Client()
    wrong = fresh.post("/portal/sign-in/", {"email": "complainant-a@example.org", "password": "not-the-one-at-all"})
    text = wrong.content.decode()
    assert "That email address and password do not match an account." in text
    assert 'value="complainant-a@example.org"' in text and "not-the-one-at-all" not in text
    unknown = fresh.post("/portal/sign-in/", {"email": "nobody@example.org", "password": GOOD_PASSWORD})
    assert "That email address and password do not match an account." in unknown.content.decode()
    right = fresh.post("/portal/sign-in/", {"email": "Complainant-A@example.org", "password": GOOD_PASSWORD})
    assert right.status_code == 302 and right["Location"] == "/portal/case/"
    assert "You take part as the complainant." in fresh.get("/portal/case/").content.decode()


def test_password_sign_in_is_rate_limited_per_address(smtp_server):  # noqa: F811
    manager, case, complainant, respondent = make_case()
    browser = signed_in(smtp_server, manager, respondent)
    browser.post("/portal/account/", {"password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD})
    guesser = Client()
    for attempt in range(5):
        page = guesser.post("/portal/sign-in/", {"email": "respondent-a@example.org", "password": f"guess-{attempt}"})
        assert "do not match an account" in page.content.decode()
    limited = guesser.post("/portal/sign-in/", {"email": "respondent-a@example.org", "password": GOOD_PASSWORD})
    assert "Too many attempts." in limited.content.decode()
    assert "open the newest link" in guesser.get("/portal/case/").content.decode()
    # The link-and-code way still works for the party.
    assert "Your case" in signed_in(smtp_server, manager, respondent).get("/portal/case/").content.decode()


def test_after_idle_time_the_page_says_the_party_was_signed_out_for_inactivity(smtp_server, settings):  # noqa: F811
    manager, case, complainant, respondent = make_case()
    settings.PORTAL_IDLE_SECONDS = 15 * 60
    browser = signed_in(smtp_server, manager, complainant)
    # The server's clock, stopped; the minutes pass when the test says so.
    with time_machine.travel(time.time(), tick=False) as clock:
        assert "Your case" in browser.get("/portal/case/").content.decode()
        clock.shift(datetime.timedelta(minutes=14, seconds=50))
        assert "Your case" in browser.get("/portal/messages/").content.decode()  # a request keeps it alive
        clock.shift(datetime.timedelta(minutes=14, seconds=50))  # 29:40 after the first request
        assert "Your case" in browser.get("/portal/case/").content.decode()
        clock.shift(datetime.timedelta(minutes=15, seconds=10))
        page = browser.get("/portal/case/").content.decode()
        assert "You were signed out after inactivity" in page and "You take part as" not in page
        assert "You were signed out after inactivity" not in browser.get("/portal/case/").content.decode()


def test_sign_out_everywhere_ends_every_session_of_that_party_only(smtp_server):  # noqa: F811
    manager, case, complainant, respondent = make_case()
    phone = signed_in(smtp_server, manager, complainant)
    laptop = signed_in(smtp_server, manager, complainant)
    other = signed_in(smtp_server, manager, respondent)
    assert laptop.post("/portal/sign-out-everywhere/").status_code == 302
    assert "You take part as" not in laptop.get("/portal/case/").content.decode()
    page = phone.get("/portal/case/").content.decode()
    assert "You were signed out on every device" in page and "You take part as" not in page
    assert "You take part as the respondent." in other.get("/portal/case/").content.decode()
    again = signed_in(smtp_server, manager, complainant)
    assert "You take part as the complainant." in again.get("/portal/case/").content.decode()


def test_password_sign_in_is_rate_limited_per_client_whatever_the_address(settings):
    settings.PORTAL_PASSWORD_ATTEMPTS_PER_CLIENT = 3
    guesser = Client()
    for attempt in range(3):
        page = guesser.post("/portal/sign-in/", {"email": f"person{attempt}@example.org", "password": "guess"})
        assert "do not match an account" in page.content.decode()
    page = guesser.post("/portal/sign-in/", {"email": "person9@example.org", "password": "guess"})
    assert "Too many attempts." in page.content.decode()
