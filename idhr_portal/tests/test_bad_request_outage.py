"""A session lost to a database outage answers 503 (found by `make bench`'s fault run)."""

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.exceptions import SessionInterrupted
from django.core.exceptions import BadRequest
from django.db import OperationalError
from django.test import RequestFactory

from idhr_portal import errors


def _session_interrupted_by_outage() -> SessionInterrupted:
    try:
        try:
            try:
                raise OperationalError("server closed the connection unexpectedly")
            except OperationalError:
                raise UpdateError from None
        except UpdateError:
            raise SessionInterrupted("The request's session was deleted before the request completed.")  # noqa: B904
    except SessionInterrupted as exc:
        return exc


def test_session_save_failing_during_a_database_outage_gets_the_503_page():
    response = errors.bad_request(RequestFactory().get("/report/"), _session_interrupted_by_outage())
    assert response.status_code == 503
    assert response["Retry-After"] == str(errors.RETRY_AFTER_SECONDS)


def test_an_ordinary_bad_request_is_still_a_400():
    response = errors.bad_request(RequestFactory().get("/report/"), BadRequest("nope"))
    assert response.status_code == 400
