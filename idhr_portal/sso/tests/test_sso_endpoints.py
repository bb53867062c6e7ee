"""Issue 19: the SAML endpoints; off (local sign-in only) until an IdP is configured."""
import base64
import zlib
from urllib.parse import parse_qs, urlsplit

import pytest

from idhr_portal.testing.saml_idp import TestIdP, make_key_and_cert

pytestmark = pytest.mark.django_db


@pytest.fixture
def configured(settings, tmp_path):
    key, cert = make_key_and_cert(tmp_path / "sp", "sp")
    idp = TestIdP(directory=tmp_path / "idp", users={})
    idp.stop()  # its metadata file is enough here
    settings.SITE_URL = "https://idhr.example.edu"
    settings.ALLOWED_HOSTS = ["idhr.example.edu", "testserver"]
    settings.IDHR_SAML_IDP_METADATA = str(idp.metadata_file)
    settings.IDHR_SAML_KEY_FILE, settings.IDHR_SAML_CERT_FILE = str(key), str(cert)
    settings.IDHR_SAML_SP_ENTITY_ID = ""
    return idp


@pytest.mark.parametrize("path", ["/saml2/metadata/", "/saml2/login/", "/saml2/acs/", "/saml2/logout/", "/saml2/ls/"])
def test_without_an_idp_every_saml_url_says_university_sign_in_is_not_set_up(client, settings, path):
    settings.IDHR_SAML_IDP_METADATA = ""
    response = client.get(path)
    assert response.status_code == 404
    assert "University sign-in is not set up" in response.content.decode()
    assert "saml_session" not in response.cookies


def test_without_an_idp_the_sign_in_pages_offer_only_the_local_form(client, settings):
    settings.IDHR_SAML_IDP_METADATA = ""
    for path in ("/admin/login/", "/referral/sign-in/"):
        page = client.get(path).content.decode()
        assert "Sign in with your university account" not in page, path
        assert 'name="password"' in page, path


def test_the_sign_in_pages_offer_the_university_account_when_configured(client, configured):
    admin = client.get("/admin/login/?next=/admin/").content.decode()
    assert 'href="/saml2/login/?next=/admin/"' in admin
    assert 'name="password"' in admin  # break-glass accounts
    referral = client.get("/referral/sign-in/").content.decode()
    assert 'href="/saml2/login/?next=/referral/"' in referral


def test_metadata_publishes_signed_requests_signed_assertions_and_the_endpoints(client, configured):
    response = client.get("/saml2/metadata/")
    xml = response.content.decode()

    assert response.status_code == 200
    assert 'entityID="https://idhr.example.edu/saml2/metadata/"' in xml
    assert 'AuthnRequestsSigned="true"' in xml
    assert 'WantAssertionsSigned="true"' in xml
    assert 'Location="https://idhr.example.edu/saml2/acs/"' in xml
    assert 'Location="https://idhr.example.edu/saml2/ls/"' in xml
    assert 'use="signing"' in xml


def test_sign_in_sends_a_signed_request_asking_for_refeds_mfa(client, configured):
    response = client.get("/saml2/login/?next=/admin/")

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{configured.url}/idp/sso"
    query = parse_qs(location.query)
    assert query["SigAlg"] == ["http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"]
    assert query["Signature"][0]
    request_xml = zlib.decompress(base64.b64decode(query["SAMLRequest"][0]), -15).decode()
    assert "https://refeds.org/profile/mfa" in request_xml
    assert 'Comparison="exact"' in request_xml
    assert 'AssertionConsumerServiceURL="https://idhr.example.edu/saml2/acs/"' in request_xml


def test_the_referral_sign_in_does_not_ask_for_mfa(client, configured):
    response = client.get("/saml2/login/?next=/referral/")
    query = parse_qs(urlsplit(response["Location"]).query)
    request_xml = zlib.decompress(base64.b64decode(query["SAMLRequest"][0]), -15).decode()
    assert "refeds.org/profile/mfa" not in request_xml


def test_saml_pages_are_never_stored(client, configured):
    assert "no-store" in client.get("/saml2/metadata/")["Cache-Control"]
    assert "no-store" in client.get("/saml2/signed-in/?next=/admin/")["Cache-Control"]


def test_the_signed_in_page_forwards_only_to_this_site(client, configured):
    page = client.get("/saml2/signed-in/?next=https://evil.example/steal").content.decode()
    assert "evil.example" not in page
    assert 'content="0;url=/admin/"' in page
