"""Forms work under Referrer-Policy: no-referrer without weakening CSRF protection."""
import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


def _token(client):
    client.get(LOGIN)
    return client.cookies["csrftoken"].value


def _post(client, *, origin, fetch_site, token):
    headers = {"HTTP_ORIGIN": origin, "HTTP_SEC_FETCH_SITE": fetch_site, "HTTP_HOST": "127.0.0.1"}
    return client.post(LOGIN, {"username": "x", "password": "y", "csrfmiddlewaretoken": token}, **headers)


def test_same_origin_post_with_null_origin_and_a_valid_token_is_accepted():
    client = Client(enforce_csrf_checks=True)
    response = _post(client, origin="null", fetch_site="same-origin", token=_token(client))
    assert response.status_code == 200  # the login form again, with "wrong password"
    assert b"Please enter the correct" in response.content


@pytest.mark.parametrize("fetch_site", ["cross-site", "same-site", "none", ""])
def test_null_origin_from_anywhere_but_our_own_pages_is_refused(fetch_site):
    client = Client(enforce_csrf_checks=True)
    response = _post(client, origin="null", fetch_site=fetch_site, token=_token(client))
    assert response.status_code == 403


def test_null_origin_still_needs_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    _token(client)
    response = _post(client, origin="null", fetch_site="same-origin", token="forged" * 8)
    assert response.status_code == 403


def test_a_foreign_origin_is_refused_even_if_it_claims_same_origin_fetch():
    client = Client(enforce_csrf_checks=True)
    response = _post(client, origin="https://evil.example", fetch_site="same-origin", token=_token(client))
    assert response.status_code == 403
