"""Issue 19: each role signs in through the identity provider's page and lands where it should."""
import base64

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from .conftest import idp_sign_in

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "username, first_name, groups",
    [
        ("casey", "Casey", {"Title IX coordinator"}),
        ("morgan", "Morgan", {"Case manager"}),
        ("ivy", "Ivy", {"Investigator"}),
        ("blake", "Blake", {"Bias Response Team"}),
    ],
)
def test_each_staff_role_signs_in_through_the_idp_and_reaches_the_staff_site(
    idp, page, live_server, username, first_name, groups
):
    idp_sign_in(page, username)

    assert page.url == f"{live_server.url}/admin/"
    expect(page.get_by_role("heading", name="Today")).to_be_visible()
    expect(page.locator("#user-tools")).to_contain_text(f"Welcome, {first_name}")
    user = get_user_model().objects.get(username=f"{username}@example.edu")
    assert set(user.groups.values_list("name", flat=True)) == groups
    assert user.is_staff and not user.is_superuser and not user.has_usable_password()
    # The IdP was asked for multi-factor sign-in (REFEDS MFA) for staff.
    assert idp.requests_seen == [["https://refeds.org/profile/mfa"]]


def test_a_responsible_employee_without_mfa_lands_on_the_referral_form(idp, page, live_server):
    idp_sign_in(page, "riley", start="/saml2/login/?next=/admin/")

    assert page.url == f"{live_server.url}/referral/"
    expect(page.get_by_role("heading", level=1)).to_contain_text("Refer an incident")


def test_single_logout_signs_out_at_the_idp_and_here(idp, page, live_server):
    idp_sign_in(page, "casey")
    expect(page.get_by_role("heading", name="Today")).to_be_visible()

    page.goto("/saml2/logout/")
    page.wait_for_load_state("networkidle")

    slo = [u for u in page.request_log.urls if u.startswith(f"{idp.url}/idp/slo?")]
    assert len(slo) == 1 and "SAMLRequest=" in slo[0] and "Signature=" in slo[0]  # a signed LogoutRequest
    assert any(u.startswith(f"{live_server.url}/saml2/ls/?SAMLResponse=") for u in page.request_log.urls)

    assert page.url.startswith(f"{live_server.url}/admin/login/")
    page.goto("/admin/")
    assert page.url.startswith(f"{live_server.url}/admin/login/")


def test_an_encrypted_assertion_is_decrypted_and_signs_in(idp, page, live_server):
    idp.encrypt_assertions = True
    idp_sign_in(page, "casey")

    assert page.url == f"{live_server.url}/admin/"
    expect(page.get_by_role("heading", name="Today")).to_be_visible()
    posted = base64.b64decode(idp.last_post[1]).decode()
    assert "EncryptedAssertion" in posted and "Casey" not in posted  # nothing readable on the way
