"""One client cannot shut every reporter out of follow-up, and cannot guess freely.

Before: the only limits were per code (10 an hour) and site-wide (120 a minute), so 120
wrong codes from one client got the real reporter, in another browser, "Too many
attempts" for the rest of the minute, every minute; and 30 different wrong codes from
one client were all answered. Now each client has a bucket of its own (10 attempts per
5 minutes, docs/deployment.md threat model), kept in memory as a keyed hash of its
address, and what it refuses does not count against the site.
"""
import pytest
from django.test import Client

from reports import services
from reports.tests.factories import ReportFactory

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.66"
REPORTER = "198.51.100.23"


def attempt(client, code):
    return client.post("/follow-up/", {"code": code})


def test_120_wrong_codes_from_one_client_do_not_keep_the_real_reporter_out():
    code = services.receipt_code_new()
    ReportFactory(receipt_code=code)
    attacker = Client(REMOTE_ADDR=ATTACKER)
    answers = [attempt(attacker, services.receipt_code_new()).status_code for _ in range(120)]
    assert answers.count(429) >= 110  # the attacker is stopped after its first 10

    reporter = Client(REMOTE_ADDR=REPORTER)
    response = attempt(reporter, code)

    assert response.status_code == 302 and response["Location"] == "/follow-up/"
    assert "Enter the receipt code" not in reporter.get("/follow-up/").content.decode()


def test_30_different_wrong_codes_from_one_client_are_limited_after_10():
    guesser = Client(REMOTE_ADDR=ATTACKER)
    answers = [attempt(guesser, services.receipt_code_new()) for _ in range(30)]

    assert [a.status_code for a in answers] == [200] * 10 + [429] * 20
    assert "Too many attempts" in answers[-1].content.decode()


def test_the_limit_follows_the_proxy_header_when_behind_the_proxy(settings):
    settings.REPORTS_CLIENT_ADDRESS_META = "HTTP_X_REAL_IP"
    # Every request comes from the proxy's address; the proxy says who the client is.
    attacker = Client(REMOTE_ADDR="10.0.1.2", HTTP_X_REAL_IP=ATTACKER)
    for _ in range(12):
        attempt(attacker, services.receipt_code_new())
    assert attempt(attacker, services.receipt_code_new()).status_code == 429
    reporter = Client(REMOTE_ADDR="10.0.1.2", HTTP_X_REAL_IP=REPORTER)
    assert attempt(reporter, services.receipt_code_new()).status_code == 200
