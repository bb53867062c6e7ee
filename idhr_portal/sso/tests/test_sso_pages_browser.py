"""Issue 19: the sign-in and refusal pages on a phone and a laptop, accessible, under the CSP."""
import pytest
from playwright.sync_api import expect

from idhr_portal.testing.browser import SIZES, assert_accessible, screenshot

from .conftest import idp_sign_in

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("size", sorted(SIZES))
def test_sign_in_and_refusal_pages_read_well_at_each_size(idp, new_page, size):
    page = new_page(**SIZES[size])
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto("/admin/login/?next=/admin/")
    expect(page.get_by_role("link", name="Sign in with your university account")).to_be_visible()
    assert_accessible(page, "admin sign-in with SSO")
    screenshot(page, f"sso-admin-login-{size}")

    page.goto("/referral/sign-in/")
    expect(page.get_by_role("link", name="Sign in with your university account")).to_be_visible()
    assert_accessible(page, "referral sign-in with SSO")
    screenshot(page, f"sso-referral-sign-in-{size}")

    idp_sign_in(page, "nora")
    expect(page.get_by_role("heading", name="You do not have access to the IDHR Portal")).to_be_visible()
    assert_accessible(page, "no-access page")
    screenshot(page, f"sso-no-access-{size}")

    idp.fault = "no_mfa"
    idp_sign_in(page, "casey")
    expect(page.get_by_role("heading", name="Multi-factor sign-in is required")).to_be_visible()
    assert_accessible(page, "no-MFA page")
    screenshot(page, f"sso-no-mfa-{size}")

    idp_sign_in(page, "casey")
    expect(page.get_by_role("heading", name="Today")).to_be_visible()
    screenshot(page, f"sso-admin-{size}")
    assert [e for e in errors if not e.startswith("Failed to load resource")] == []  # CSP or script errors
