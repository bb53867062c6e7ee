"""Django's own CSRF check, with `Referrer-Policy: same-origin` so our forms carry a real Origin."""
import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
HOST = "testserver"


def _token(client):
    client.get(LOGIN)
    return client.cookies["csrftoken"].value


def _post(client, *, origin, token):
    headers = {"HTTP_HOST": HOST}
    if origin is not None:
        headers["HTTP_ORIGIN"] = origin
    return client.post(LOGIN, {"username": "x", "password": "y", "csrfmiddlewaretoken": token}, **headers)


def test_a_post_from_our_own_origin_with_the_token_is_accepted():
    client = Client(enforce_csrf_checks=True)
    response = _post(client, origin=f"http://{HOST}", token=_token(client))

    assert response.status_code == 200  # the login form again, with "wrong password"
    assert b"Please enter the correct" in response.content


@pytest.mark.parametrize("origin", ["null", "https://evil.example", f"https://{HOST}.evil.example"])
def test_a_post_from_any_other_origin_is_refused_even_with_the_token(origin):
    client = Client(enforce_csrf_checks=True)
    response = _post(client, origin=origin, token=_token(client))

    assert response.status_code == 403


def test_our_own_origin_still_needs_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    _token(client)
    response = _post(client, origin=f"http://{HOST}", token="forged" * 8)

    assert response.status_code == 403
