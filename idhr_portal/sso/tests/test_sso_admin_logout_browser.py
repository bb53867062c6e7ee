"""Issue 19: the admin's "Log out" of a person signed in through the identity provider is a single logout.

Against the real test identity provider: the portal sends it a signed LogoutRequest for
that person, the identity provider answers, and the session here ends as well. A local
(break-glass) account signs out here only, as before.
"""
import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from .conftest import idp_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCAL_PASSWORD = "a long local passphrase 42"  # noqa: S105 (test credential)


def test_the_admins_log_out_ends_the_session_at_the_identity_provider_too(idp, page, live_server):
    idp_sign_in(page, "casey")
    expect(page.get_by_role("heading", name="Today")).to_be_visible()

    page.locator("#logout-form").get_by_role("button", name="Log out").click()
    page.wait_for_load_state("networkidle")

    assert idp.logouts == ["pid-casey"]  # the identity provider was told whom to sign out
    slo = [u for u in page.request_log.urls if u.startswith(f"{idp.url}/idp/slo?")]
    assert len(slo) == 1 and "SAMLRequest=" in slo[0] and "Signature=" in slo[0]  # signed LogoutRequest
    assert any(u.startswith(f"{live_server.url}/saml2/ls/?SAMLResponse=") for u in page.request_log.urls)
    assert page.url.startswith(f"{live_server.url}/admin/login/")
    page.goto("/admin/")
    assert page.url.startswith(f"{live_server.url}/admin/login/")  # signed out here too
    assert get_user_model().objects.get(username="casey@example.edu").is_active  # signed out, not disabled

    # Signing in again goes through the identity provider's password page again.
    page.goto("/saml2/login/?next=/admin/")
    expect(page.get_by_label("Password")).to_be_visible()
    assert page.url.startswith(f"{idp.url}/idp/sso")


def test_a_break_glass_account_logs_out_locally_only(idp, page, live_server):
    user = get_user_model().objects.create_user(
        username="breakglass-logout", password=LOCAL_PASSWORD, is_staff=True, is_superuser=True
    )
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("breakglass-logout")
    page.get_by_label("Password").fill(LOCAL_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/account/two-factor/**")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_label("Six-digit code from your authenticator app").fill(f"{totp.token():06d}")
    page.get_by_role("button", name="Verify and continue").click()
    page.wait_for_url("**/admin/")

    page.locator("#logout-form").get_by_role("button", name="Log out").click()
    page.wait_for_load_state("networkidle")

    assert page.url == f"{live_server.url}/admin/login/"  # LOGOUT_REDIRECT_URL, as before
    assert idp.logouts == []
    assert not [u for u in page.request_log.urls if u.startswith(idp.url)]
    page.goto("/admin/")
    assert page.url.startswith(f"{live_server.url}/admin/login/")
