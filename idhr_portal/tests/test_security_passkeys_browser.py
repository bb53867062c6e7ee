"""Issue 19: a break-glass (local) account adds a passkey and signs in with it instead of a TOTP code.

Real Chromium with a virtual authenticator (Chrome DevTools Protocol WebAuthn domain),
real django-otp-webauthn ceremonies (py_webauthn checks every signature), under the
strict CSP: the library's JavaScript comes from our own origin only.
"""
import pytest
from django.contrib.auth import get_user_model
from django_otp_webauthn.models import WebAuthnCredential

from .security_support import PASSWORD, add_device, code_for, make_user
from .test_security_admin_browser import password_step, violations, watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def passkey_settings(settings, live_server):
    settings.IDHR_REQUIRE_2FA = True
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    assert live_server.url.startswith("http://localhost:"), live_server.url
    return settings


def add_virtual_authenticator(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return cdp, authenticator["authenticatorId"]


def sign_out(page):
    page.context.clear_cookies()


def test_break_glass_account_adds_a_passkey_then_signs_in_with_it(page, passkey_settings):
    user = make_user("breakglass-passkey", superuser=True)
    device = add_device(user)
    problems = watch(page)
    cdp, authenticator_id = add_virtual_authenticator(page)

    # Password + TOTP first; only then may a passkey be added.
    password_step(page, "breakglass-passkey")
    page.wait_for_url("**/account/two-factor/**")
    assert page.get_by_role("button", name="Sign in with your passkey").count() == 0  # none yet
    page.get_by_label("Six-digit code from your authenticator app").fill(code_for(device))
    page.get_by_role("button", name="Verify and continue").click()
    page.wait_for_url("**/admin/")

    page.goto("/account/two-factor/passkeys/")
    assert page.get_by_text("No passkey yet.").is_visible()
    page.get_by_role("button", name="Add a passkey").click()
    # The page loads again by itself once the passkey is registered, and lists it.
    page.locator("#passkey-list").get_by_role("button", name="Remove Passkey 1").wait_for()
    assert len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]) == 1
    passkey = WebAuthnCredential.objects.get(user=user)
    assert passkey.confirmed and passkey.last_used_at is None
    assert violations(page) == []

    # Next time: the password, then the passkey instead of a code.
    sign_out(page)
    password_step(page, "breakglass-passkey")
    page.wait_for_url("**/account/two-factor/**")
    page.get_by_role("button", name="Sign in with your passkey").click()
    page.wait_for_url("**/admin/")
    assert page.locator("#user-tools").is_visible()
    passkey.refresh_from_db()
    assert passkey.last_used_at is not None
    assert violations(page) == []
    assert problems == []
    assert page.request_log.foreign() == []


def test_a_removed_passkey_no_longer_signs_in(page, passkey_settings):
    user = make_user("breakglass-removed", superuser=True)
    device = add_device(user)
    watch(page)
    add_virtual_authenticator(page)
    password_step(page, "breakglass-removed")
    page.get_by_label("Six-digit code from your authenticator app").fill(code_for(device))
    page.get_by_role("button", name="Verify and continue").click()
    page.wait_for_url("**/admin/")
    page.goto("/account/two-factor/passkeys/")
    page.get_by_role("button", name="Add a passkey").click()
    page.locator("#passkey-list").get_by_role("button", name="Remove Passkey 1").wait_for()

    sign_out(page)
    password_step(page, "breakglass-removed")
    page.wait_for_url("**/account/two-factor/**")
    # Removed (by the coordinator, or from another session) while this page is open;
    # the authenticator still holds it.
    WebAuthnCredential.objects.filter(user=user).delete()
    page.get_by_role("button", name="Sign in with your passkey").click()
    status = page.locator("#passkey-verification-status-message")
    status.and_(page.locator("[data-status-enum]")).wait_for()
    assert "success" not in status.get_attribute("data-status-enum")
    page.goto("/admin/")
    page.wait_for_url("**/account/two-factor/**")  # still not past the second factor
    assert page.get_by_role("button", name="Sign in with your passkey").count() == 0
    assert get_user_model().objects.get(pk=user.pk).check_password(PASSWORD)


def test_an_account_from_the_directory_cannot_add_a_passkey(client, settings):
    settings.IDHR_REQUIRE_2FA = False
    user = get_user_model().objects.create_user(username="sso-person@example.edu", is_staff=True)
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    assert client.get("/account/two-factor/passkeys/").status_code == 403
    response = client.post("/account/webauthn/registration/begin/")
    assert response.status_code == 403
    assert response.json()["code"] == "not_break_glass"


def test_a_password_alone_cannot_add_a_passkey(client, settings):
    settings.IDHR_REQUIRE_2FA = False  # even with the global requirement off
    user = make_user("breakglass-unverified")
    client.force_login(user)  # password step only: no second factor in this session
    response = client.post("/account/webauthn/registration/begin/")
    assert response.status_code == 403
    assert response.json()["code"] == "user_not_verified"
