"""The test identity provider (a real pysaml2 IdP) beside the live server, SSO configured."""
import urllib.request

import pytest

from idhr_portal.testing.saml_idp import TestIdP, make_key_and_cert

# The directory's group values (isMemberOf), as an InCommon university writes them.
COORDINATORS = "urn:mace:example.edu:groups:idhr:coordinators"
CASE_MANAGERS = "urn:mace:example.edu:groups:idhr:case-managers"
INVESTIGATORS = "urn:mace:example.edu:groups:idhr:investigators"
BIAS_RESPONSE_TEAM = "urn:mace:example.edu:groups:idhr:bias-response-team"
RESPONSIBLE_EMPLOYEES = "urn:mace:example.edu:groups:responsible-employees"
LIBRARY = "urn:mace:example.edu:groups:library-staff"

IDP_PASSWORD = "correct horse battery staple"  # noqa: S105 (test credential)


def directory_users():
    return {
        "casey": {"password": IDP_PASSWORD, "groups": [COORDINATORS], "givenName": "Casey", "sn": "Coordinator"},
        "morgan": {"password": IDP_PASSWORD, "groups": [CASE_MANAGERS], "givenName": "Morgan", "sn": "Manager"},
        "ivy": {"password": IDP_PASSWORD, "groups": [INVESTIGATORS, LIBRARY], "givenName": "Ivy", "sn": "Investigator"},
        "blake": {"password": IDP_PASSWORD, "groups": [BIAS_RESPONSE_TEAM], "givenName": "Blake", "sn": "Team"},
        "riley": {
            "password": IDP_PASSWORD, "groups": [RESPONSIBLE_EMPLOYEES], "givenName": "Riley", "sn": "Employee",
            "mail": "riley.employee@example.edu", "mfa": False,
        },
        "nora": {"password": IDP_PASSWORD, "groups": [LIBRARY], "givenName": "Nora", "sn": "Nobody"},
    }


@pytest.fixture
def sso_settings(settings, live_server, tmp_path):
    """Single sign-on configured as production would be (2FA required), pointing at the live server."""
    key, cert = make_key_and_cert(tmp_path / "sp", "sp")
    settings.SITE_URL = live_server.url
    settings.IDHR_REQUIRE_2FA = True
    settings.IDHR_SAML_KEY_FILE = str(key)
    settings.IDHR_SAML_CERT_FILE = str(cert)
    settings.IDHR_SAML_SP_ENTITY_ID = ""
    settings.IDHR_SAML_REQUIRE_MFA = True
    settings.IDHR_SAML_GROUP_ATTRIBUTE = "isMemberOf"
    settings.IDHR_SAML_ROLES = {
        "Title IX coordinator": COORDINATORS,
        "Case manager": CASE_MANAGERS,
        "Investigator": INVESTIGATORS,
        "Bias Response Team": BIAS_RESPONSE_TEAM,
        "Responsible employee": RESPONSIBLE_EMPLOYEES,
    }
    return settings


@pytest.fixture
def idp(sso_settings, live_server, tmp_path):
    # "localhost", like the live server: the same site, as a campus IdP and the portal are.
    server = TestIdP(directory=tmp_path / "idp", users=directory_users(), host_name="localhost")
    sso_settings.IDHR_SAML_IDP_METADATA = str(server.metadata_file)
    with urllib.request.urlopen(f"{live_server.url}/saml2/metadata/", timeout=10) as response:  # noqa: S310
        server.trust_sp(response.read().decode())
    server.start()
    yield server
    server.stop()


def idp_sign_in(page, username, *, start="/saml2/login/?next=/admin/", password=IDP_PASSWORD):
    """Through the IdP's own sign-in page, as a person does; returns after the portal answered."""
    page.goto(start)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")
