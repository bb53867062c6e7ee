"""Every response carries the security headers: public pages, admin, error pages.

The walk covers every named URL pattern of the project as it is when the suite
runs, so views added later are covered without editing this file.
"""
import pytest
from django.test import Client

from idhr_portal.middleware import CONTENT_SECURITY_POLICY, NO_STORE_PREFIXES

from .security_support import add_device, make_user, sign_in_verified, url_paths

pytestmark = pytest.mark.django_db

ALL_PATHS = url_paths()
ERROR_PATHS = ["/no-such-page/", "/admin/no-such-page/", "/account/no-such-page/", "/static/no-such-file.css"]


def assert_security_headers(response, path):
    csp = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "object-src 'none'",
    ):
        assert directive in csp, (path, directive)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]
    if path.startswith(NO_STORE_PREFIXES):
        assert "no-store" in response["Cache-Control"], path


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

    assert "no-store" in response["Cache-Control"]


def test_public_home_page_sends_csp_that_matches_the_issue_exactly(anonymous):
    response = anonymous.get("/")

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response["X-Frame-Options"] == "DENY"
