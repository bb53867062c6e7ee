import pytest

from .support import RedisServer, SMTPRecorder


@pytest.fixture
def smtp_server(settings):
    """An SMTP server of this test's own; Django sends to it."""
    server = SMTPRecorder().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield server
    server.stop()


@pytest.fixture
def redis_server():
    """A real redis-server of this test's own, which the test may stop and start."""
    server = RedisServer().start()
    yield server
    server.stop()
