"""Sessions: new key at sign-in, sign-out and password change end the other sessions,
and an idle staff session expires."""
import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from idhr_portal.security.signals import LAST_SEEN_SESSION_KEY

from .security_support import PASSWORD, make_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another long passphrase 77"  # noqa: S105 (test credential)


def signed_in_client(username):
    client = Client()
    response = client.post("/admin/login/", {"username": username, "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    return client


def test_signing_in_gives_the_session_a_new_key():
    make_user("rotator")
    client = Client()
    session = client.session
    session["visited"] = True
    session.save()
    before = session.session_key

    client.post("/admin/login/", {"username": "rotator", "password": PASSWORD})

    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()


def test_signing_out_ends_the_accounts_other_sessions():
    user = make_user("roamer")
    other_user = make_user("bystander")
    laptop, phone = signed_in_client("roamer"), signed_in_client("roamer")
    bystander = signed_in_client("bystander")

    laptop.post("/admin/logout/")

    assert phone.get("/admin/")["Location"].startswith("/admin/login/")
    assert laptop.get("/admin/")["Location"].startswith("/admin/login/")
    assert bystander.get("/admin/").status_code == 200
    # Signing in again works and is not ended by the old sign-out.
    again = signed_in_client("roamer")
    assert again.get("/admin/").status_code == 200
    assert user.pk != other_user.pk


def test_our_sign_out_button_ends_the_other_sessions_too():
    make_user("roamer2")
    laptop, phone = signed_in_client("roamer2"), signed_in_client("roamer2")

    laptop.post("/account/sign-out/")

    assert phone.get("/admin/")["Location"].startswith("/admin/login/")


def test_changing_the_password_ends_the_other_sessions_but_not_this_one():
    make_user("changer")
    laptop, phone = signed_in_client("changer"), signed_in_client("changer")
    key_before = laptop.session.session_key

    response = laptop.post(
        "/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert laptop.get("/admin/").status_code == 200
    assert laptop.session.session_key != key_before
    assert phone.get("/admin/")["Location"].startswith("/admin/login/")


def age_session(client, seconds):
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = int(time.time()) - seconds
    session.save()


def test_an_idle_staff_session_expires(settings):
    settings.STAFF_SESSION_IDLE_SECONDS = 600
    make_user("idler")
    client = signed_in_client("idler")

    age_session(client, 601)

    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_an_active_staff_session_stays_and_its_clock_restarts(settings):
    settings.STAFF_SESSION_IDLE_SECONDS = 600
    make_user("worker")
    client = signed_in_client("worker")

    age_session(client, 590)
    assert client.get("/admin/").status_code == 200

    assert int(time.time()) - client.session[LAST_SEEN_SESSION_KEY] < 5
