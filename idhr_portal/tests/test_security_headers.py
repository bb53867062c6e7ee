"""Every response carries the security headers: public pages, admin, error pages.

The walk covers every named URL pattern of the project as it is when the suite
runs, so views added later are covered without editing this file. The expected
values are written out here, from the policy (docs/deployment.md, "Reverse proxy"
and "Sign-in protection"), not taken from the settings or the middleware.
"""
import pytest
from django.test import Client

from .security_support import add_device, make_user, sign_in_verified, url_paths

pytestmark = pytest.mark.django_db

ALL_PATHS = url_paths()
ERROR_PATHS = ["/no-such-page/", "/admin/no-such-page/", "/account/no-such-page/", "/static/no-such-file.css"]

# Directive by directive (django-csp does not keep the directives in one order).
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "object-src": "'none'",
}
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), "
    "payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), "
    "usb=(), xr-spatial-tracking=()"
)
# The second-factor pages, where a break-glass account uses its passkey (issue 19): WebAuthn from this origin.
PASSKEY_PAGES = "/account/two-factor/"
PASSKEY_PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), "
    "payment=(), picture-in-picture=(), publickey-credentials-get=(self), screen-wake-lock=(), "
    "usb=(), xr-spatial-tracking=()"
)
# Pages that show or take a report, a follow-up or case data are never stored.
NO_STORE_PREFIXES = ("/report/", "/complaint/", "/referral/", "/follow-up/", "/admin/", "/account/")
NO_STORE = "max-age=0, no-cache, no-store, must-revalidate, private"


def csp_directives(header: str) -> dict[str, str]:
    directives = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        assert name not in directives, header
        directives[name] = value
    return directives


def assert_security_headers(response, path):
    assert csp_directives(response["Content-Security-Policy"]) == CONTENT_SECURITY_POLICY, path
    assert response["X-Content-Type-Options"] == "nosniff", path
    assert response["X-Frame-Options"] == "DENY", path
    assert response["Referrer-Policy"] == "same-origin", path
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", path
    assert response["Cross-Origin-Resource-Policy"] == "same-origin", path
    expected_policy = PASSKEY_PERMISSIONS_POLICY if path.startswith(PASSKEY_PAGES) else PERMISSIONS_POLICY
    assert response["Permissions-Policy"] == expected_policy, path
    # HSTS is sent by production settings only (over HTTPS; see test_security_deploy).
    assert "Strict-Transport-Security" not in response, path
    if path.startswith(NO_STORE_PREFIXES):
        assert response["Cache-Control"] == NO_STORE, path


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


@pytest.fixture
def coordinator_client():
    client = Client(raise_request_exception=False)
    user = make_user("sec-coordinator", superuser=True)
    sign_in_verified(client, user, add_device(user))
    return client


@pytest.mark.parametrize("view_name,path", ALL_PATHS, ids=[name for name, _ in ALL_PATHS])
def test_every_url_pattern_sends_the_security_headers(
    view_name, path, anonymous, coordinator_client, settings
):
    settings.IDHR_REQUIRE_2FA = True
    for client in (anonymous, coordinator_client):
        assert_security_headers(client.get(path), path)


@pytest.mark.parametrize("path", ERROR_PATHS)
def test_not_found_pages_send_the_security_headers(path, anonymous, coordinator_client):
    # The admin sends anonymous visitors to its login page first; staff see its 404.
    client = coordinator_client if path.startswith("/admin/") else anonymous
    response = client.get(path)

    assert response.status_code == 404
    assert_security_headers(response, path)


@pytest.mark.parametrize("prefix", NO_STORE_PREFIXES)
def test_report_follow_up_and_admin_pages_are_never_stored_whatever_the_view_says(prefix, anonymous):
    response = anonymous.get(prefix)

    assert response["Cache-Control"] == NO_STORE


def test_a_static_file_served_by_whitenoise_carries_the_headers_too(anonymous):
    response = anonymous.get("/static/css/site.css")

    assert response.status_code == 200
    assert_security_headers(response, "/static/css/site.css")


def test_public_home_page_sends_every_header_with_its_exact_value(anonymous):
    response = anonymous.get("/")

    assert response.status_code == 200
    assert csp_directives(response["Content-Security-Policy"]) == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "frame-ancestors": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "object-src": "'none'",
    }
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"

