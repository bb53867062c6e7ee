"""Issue 19: what the portal refuses from the identity provider, each with a clear page.

The test IdP really signs (xmlsec1); each fault is made by the IdP, not by a mock.
"""
import pytest
from playwright.sync_api import expect

from .conftest import idp_sign_in

pytestmark = [pytest.mark.django_db(transaction=True)]


def assert_not_signed_in(page, live_server):
    page.goto("/admin/")
    assert page.url.startswith(f"{live_server.url}/admin/login/")


def test_a_staff_sign_in_without_the_mfa_context_is_refused(idp, page, live_server):
    idp.fault = "no_mfa"
    idp_sign_in(page, "ivy")

    expect(page.get_by_role("heading", name="Multi-factor sign-in is required")).to_be_visible()
    expect(page.get_by_text("complete the second step")).to_be_visible()
    assert_not_signed_in(page, live_server)


def test_a_response_whose_signature_does_not_match_is_refused(idp, page, live_server):
    idp.fault = "bad_signature"
    idp_sign_in(page, "casey")

    expect(page.get_by_role("heading", name="The sign-in could not be verified")).to_be_visible()
    assert_not_signed_in(page, live_server)


def test_an_expired_assertion_is_refused(idp, page, live_server):
    idp.fault = "expired"
    idp_sign_in(page, "casey")

    expect(page.get_by_role("heading", name="The sign-in has expired")).to_be_visible()
    assert_not_signed_in(page, live_server)


def test_an_assertion_for_another_audience_is_refused(idp, page, live_server):
    idp.fault = "wrong_audience"
    idp_sign_in(page, "casey")

    expect(page.get_by_role("heading", name="The sign-in was meant for another service")).to_be_visible()
    assert_not_signed_in(page, live_server)


def test_a_replayed_response_is_refused_after_sign_out(idp, page, live_server):
    idp_sign_in(page, "casey")
    expect(page.get_by_role("heading", name="Today")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    page.goto(f"{idp.url}/idp/replay")  # the same signed response, posted again
    page.wait_for_load_state("networkidle")

    expect(page.get_by_role("heading", name="This sign-in was already used")).to_be_visible()
    assert_not_signed_in(page, live_server)


def test_a_response_nobody_asked_for_is_refused_in_another_browser(idp, page, new_page, live_server):
    idp_sign_in(page, "casey")
    other = new_page()
    other.goto(f"{idp.url}/idp/replay")
    other.wait_for_load_state("networkidle")

    expect(other.get_by_role("heading", name="This sign-in was already used")).to_be_visible()
    assert_not_signed_in(other, live_server)


def test_a_person_in_no_mapped_group_gets_a_no_access_page_never_an_empty_admin(idp, page, live_server):
    idp_sign_in(page, "nora")

    expect(page.get_by_role("heading", name="You do not have access to the IDHR Portal")).to_be_visible()
    expect(page.get_by_role("link", name="Submit an incident report")).to_be_visible()
    assert_not_signed_in(page, live_server)
