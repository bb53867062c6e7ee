"""Issue 19: with single sign-on on, the public side never touches the identity provider.

Every public page (the list the public-content browser tests walk, plus the
follow-up and referral sign-in pages), in a real browser: no redirect to the IdP, no
request to it, no SAML session cookie, no session cookie at all from merely reading.
"""
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from idhr_portal.testing.cache import run_cache_clear
from resources.tests.conftest import FIXTURES
from resources.tests.test_public_content_browser import PUBLIC_PAGES

pytestmark = [pytest.mark.django_db(transaction=True)]

# Pages a reporter reads without starting anything (the forms' first steps included).
EXTRA_PUBLIC = ["/report/receipt/", "/follow-up/sign-out/", "/referral/"]


@pytest.fixture
def seeded_live(transactional_db):
    call_command("loaddata", *FIXTURES, verbosity=0)
    run_cache_clear()


def test_no_public_page_redirects_to_or_calls_the_idp_or_sets_an_sso_cookie(idp, seeded_live, page, live_server):
    idp_host = urlsplit(idp.url).netloc
    walked = []
    for path in [*PUBLIC_PAGES, *EXTRA_PUBLIC]:
        page.request_log.urls.clear()
        response = page.goto(path)
        assert urlsplit(page.url).netloc == urlsplit(live_server.url).netloc, (path, page.url)
        chain = []
        request = response.request if response else None
        while request is not None:
            chain.append(request.url)
            request = request.redirected_from
        assert not any("/saml2/" in url or idp_host in url for url in chain), (path, chain)
        assert not [u for u in page.request_log.urls if idp_host in u], path
        walked.append(path)

    cookie_names = {c["name"] for c in page.context.cookies()}
    assert "saml_session" not in cookie_names
    assert idp.requests_seen == []  # the IdP never saw an AuthnRequest
    assert len(walked) == len(PUBLIC_PAGES) + len(EXTRA_PUBLIC)
    assert "/referral/sign-in/" in walked and "/" in walked


def test_the_referral_sign_in_page_offers_the_university_sign_in_without_going_there(idp, seeded_live, page):
    page.goto("/referral/sign-in/")
    link = page.get_by_role("link", name="Sign in with your university account")
    assert link.get_attribute("href") == "/saml2/login/?next=/referral/"
    assert idp.requests_seen == []
    assert "saml_session" not in {c["name"] for c in page.context.cookies()}
