"""No secret in any error page, with DEBUG on (a developer's `DJANGO_DEBUG=true`) or off.

Django's debug page hides settings named like KEY, SECRET, TOKEN or PASS, not PEPPER,
and shows URLs with their passwords: `idhr_portal.exception_filter` covers the rest.
"""
import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PEPPER = "pepper-value-that-must-not-leak-3f9a"
BLIND = "blind-index-value-that-must-not-leak-77c1"
FIELD_KEY = "field-key-value-that-must-not-leak-0b2d"
REDIS_PASSWORD = "redis-password-that-must-not-leak-51e8"


@pytest.fixture
def secrets_in_settings(settings):
    settings.RECEIPT_CODE_PEPPER = PEPPER
    settings.BLIND_INDEX_KEY = BLIND
    settings.FIELD_ENCRYPTION_KEYS = [FIELD_KEY]
    settings.CELERY_BROKER_URL = f"redis://:{REDIS_PASSWORD}@127.0.0.1:6379/0"
    settings.SOME_COPY_OF_THE_PEPPER = PEPPER  # whatever the name, the value stays hidden
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    return settings


def assert_no_secret(body: str) -> None:
    for secret in (PEPPER, BLIND, FIELD_KEY, REDIS_PASSWORD):
        assert secret not in body


def test_the_debug_page_of_a_too_large_form_shows_no_secret(secrets_in_settings):
    secrets_in_settings.DEBUG = True
    fields = {f"field{i}": "x" for i in range(60)}
    response = Client(raise_request_exception=False).post("/report/", fields)

    assert response.status_code == 400
    body = response.content.decode()
    assert "RECEIPT_CODE_PEPPER" in body  # Django's debug page, listing the settings
    assert_no_secret(body)


def test_the_debug_page_of_a_crash_shows_no_secret_nor_what_was_typed(secrets_in_settings):
    secrets_in_settings.DEBUG = True
    secrets_in_settings.ROOT_URLCONF = "idhr_portal.tests.security_urls"
    response = Client(raise_request_exception=False).post(
        "/test-errors/500/", {"narrative": "What happened to me, in my words"}
    )

    assert response.status_code == 500
    body = response.content.decode()
    assert "CELERY_BROKER_URL" in body
    assert_no_secret(body)
    assert "What happened to me" not in body
