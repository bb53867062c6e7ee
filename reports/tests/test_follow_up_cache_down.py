"""The follow-up sign-in when the rate-limit counters (the cache, Redis) cannot be reached."""

import pytest

from reports import services
from reports.tests.factories import ReportFactory

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",  # discard port: nothing listens
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


def test_a_code_entered_while_the_cache_is_down_gets_a_clear_message_not_a_500(client, settings):
    code = services.receipt_code_new()
    ReportFactory(receipt_code=code)
    settings.CACHES = UNREACHABLE_REDIS
    client.raise_request_exception = False

    response = client.post("/follow-up/", {"code": code})

    assert response.status_code == 503
    page = response.content.decode()
    assert "not available right now" in page
    assert code in page  # what was typed is kept
    assert "reports:follow-up" not in client.session  # no follow-up session was opened
