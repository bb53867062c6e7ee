"""The admin works under the strict CSP, in a real browser, with two-factor sign-in."""
import pytest

from idhr_portal.testing.browser import assert_accessible

from .security_support import PASSWORD, add_device, code_for, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(
    e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber);
});
"""


def watch(page):
    problems = []
    page.context.add_init_script(RECORD_VIOLATIONS)

    def on_console(msg):
        # Chromium asks for /favicon.ico by itself; the portal has none. Anything else counts.
        if msg.type in ("error", "warning") and not msg.location.get("url", "").endswith("/favicon.ico"):
            problems.append(f"console {msg.type}: {msg.text} at {msg.location.get('url')}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    return problems


def password_step(page, username, *, start="/admin/"):
    page.goto(start)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def violations(page):
    return page.evaluate("() => window.__cspViolations || []")


def test_admin_sign_in_with_two_factor_change_list_and_change_form_under_csp(page, settings):
    settings.IDHR_REQUIRE_2FA = True
    user = make_user("browser-coordinator", superuser=True)
    device = add_device(user)
    problems = watch(page)

    password_step(page, "browser-coordinator")
    page.wait_for_url("**/account/two-factor/**")
    assert violations(page) == []
    assert_accessible(page, "two-factor page")
    page.get_by_label("Six-digit code from your authenticator app").fill(code_for(device))
    page.get_by_role("button", name="Verify and continue").click()
    page.wait_for_url("**/admin/")
    assert page.locator("#user-tools").is_visible()  # the admin's own header: signed in
    assert violations(page) == []

    # Change list: the action bar's JavaScript (select all) must run.
    page.goto("/admin/auth/user/")
    page.locator("#action-toggle").check()
    assert page.locator("tr.selected").count() >= 1
    assert violations(page) == []

    # Change form with the filter_horizontal widgets (SelectFilter2.js, jsi18n).
    page.goto(f"/admin/auth/user/{user.pk}/change/")
    assert page.locator("#id_groups_filter").count() == 1, "SelectFilter2 did not build its widget"
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/auth/user/")
    assert page.locator(".messagelist .success").count() == 1
    assert violations(page) == []

    # The add form and a collapsible fieldset.
    page.goto("/admin/auth/user/add/")
    page.get_by_label("Username").fill("created-in-browser")
    assert violations(page) == []
    assert problems == []
    assert page.request_log.foreign() == []


def test_two_factor_set_up_page_shows_the_qr_code_from_our_own_server(page, settings):
    settings.IDHR_REQUIRE_2FA = True
    make_user("browser-newcomer")
    problems = watch(page)

    password_step(page, "browser-newcomer", start="/admin/login/")
    page.wait_for_url("**/account/two-factor/set-up/**")

    qr = page.get_by_role("img", name="QR code holding the set-up key shown below")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    assert_accessible(page, "two-factor set-up page")
    assert violations(page) == []
    assert problems == []
    assert page.request_log.foreign() == []
