"""Per-account lockout (django-axes, username only): no IP or user agent is kept."""
import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.test import Client

from idhr_portal.testing.cache import run_cache_clear, run_cache_dump

from .security_support import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clean_counters(settings):
    settings.AXES_FAILURE_LIMIT = 3
    run_cache_clear("axes")  # the root conftest does it too; this test depends on it


def attempt(username, password, *, address="192.0.2.1", agent="TestBrowser/1"):
    client = Client(REMOTE_ADDR=address, HTTP_USER_AGENT=agent)
    return client, client.post(
        "/admin/login/", {"username": username, "password": password, "next": "/admin/"}
    )


def test_an_account_locks_after_repeated_failures_even_with_the_right_password():
    make_user("target")
    for n in range(3):
        _, response = attempt("target", "wrong password", address=f"192.0.2.{n + 10}")

    assert response.status_code == 429
    _, response = attempt("target", PASSWORD, address="198.51.100.7", agent="Other/2")

    assert response.status_code == 429
    assert "Account locked for now" in response.content.decode()
    assert "In an emergency" in response.content.decode()


def test_a_locked_account_leaves_other_accounts_working():
    make_user("target")
    make_user("colleague")
    for _ in range(3):
        attempt("target", "wrong password")

    client, response = attempt("colleague", PASSWORD)

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_failures_below_the_limit_are_forgotten_after_a_successful_sign_in():
    make_user("typo")
    attempt("typo", "wrong password")
    attempt("typo", "wrong password")
    assert attempt("typo", PASSWORD)[1].status_code == 302

    attempt("typo", "wrong password")
    attempt("typo", "wrong password")

    assert attempt("typo", PASSWORD)[1].status_code == 302


def test_lockout_stores_no_ip_address_or_user_agent_anywhere():
    make_user("target")
    for _ in range(4):
        attempt("target", "wrong password", address="203.0.113.99", agent="SecretAgent/9")
    attempt("target", PASSWORD, address="203.0.113.99", agent="SecretAgent/9")

    assert AccessAttempt.objects.count() == 0
    assert AccessLog.objects.count() == 0
    assert AccessFailureLog.objects.count() == 0
    stored = repr(run_cache_dump("axes"))  # keys and raw values, as Redis holds them
    assert stored != "{}"  # the failures were counted here
    assert "203.0.113.99" not in stored and "SecretAgent" not in stored


def test_lockout_logs_name_no_client_address(caplog):
    make_user("target")
    with caplog.at_level("INFO", logger="axes"):
        for _ in range(3):
            attempt("target", "wrong password", address="203.0.113.98", agent="SecretAgent/8")

    assert "target" in caplog.text
    assert "203.0.113.98" not in caplog.text and "SecretAgent" not in caplog.text
