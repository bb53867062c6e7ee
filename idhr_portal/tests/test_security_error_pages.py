"""Error pages: site design, emergency numbers, no internals; 503 when the database is down."""
import pytest
from django.db import connection
from django.test import Client

from .security_support import make_user
from .test_security_headers import assert_security_headers

pytestmark = pytest.mark.django_db

EMERGENCY = ["tel:911", "617-253-1212", "100 from a campus phone", "617-253-2300"]
INTERNALS = [
    "Traceback", "SECRET_DETAIL_IN_EXCEPTION", "DJANGO_SECRET_KEY", "settings", "DATABASE", 'File "',
]


def assert_error_page(response, status, heading):
    body = response.content.decode()
    assert response.status_code == status
    assert f"<h1 class=\"h2\">{heading}</h1>" in body
    assert 'href="/static/css/site.css"' in body  # the site's design (base.html)
    for text in EMERGENCY:
        assert text in body
    for text in INTERNALS:
        assert text not in body
    assert_security_headers(response, response.request["PATH_INFO"])


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


def test_404_page(visitor):
    assert_error_page(visitor.get("/there-is-nothing-here/"), 404, "Page not found")


@pytest.mark.urls("idhr_portal.tests.security_urls")
def test_500_page_shows_no_stack_trace(visitor):
    assert_error_page(visitor.get("/test-errors/500/"), 500, "Something went wrong on our side")


@pytest.mark.urls("idhr_portal.tests.security_urls")
def test_403_page(visitor):
    assert_error_page(visitor.get("/test-errors/403/"), 403, "You cannot open this page")


@pytest.mark.urls("idhr_portal.tests.security_urls")
def test_400_page(visitor):
    assert_error_page(visitor.get("/test-errors/400/"), 400, "Something was wrong with that request")


def test_400_page_for_an_unknown_host(visitor):
    response = visitor.get("/", HTTP_HOST="attacker.example")

    assert_error_page(response, 400, "Something was wrong with that request")


def test_csrf_failure_gets_the_403_page_with_its_own_explanation():
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)

    response = client.post("/admin/login/", {"username": "x", "password": "y"})

    assert_error_page(response, 403, "You cannot open this page")
    assert "form you sent had expired" in response.content.decode()


@pytest.mark.urls("idhr_portal.tests.security_urls")
def test_unreachable_database_answers_503_not_500(visitor):
    response = visitor.get("/test-errors/db-down/")

    assert_error_page(response, 503, "The portal is briefly unavailable")
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True)
def test_database_outage_during_a_staff_request_answers_503():
    """The default connection itself goes down (as when PostgreSQL restarts): the
    session lookup in the middleware fails, and the visitor still gets the 503 page."""
    make_user("during-outage", superuser=True)
    client = Client(raise_request_exception=False)
    client.force_login(make_user("during-outage-2", superuser=True))
    real_port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "9"
    try:
        admin = client.get("/admin/")
        public = client.get("/there-is-nothing-here/")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = real_port

    assert_error_page(admin, 503, "The portal is briefly unavailable")
    assert public.status_code == 503
