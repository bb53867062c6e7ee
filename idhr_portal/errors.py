"""Error pages: 400, 403 (and CSRF failure), 404, 500, and 503 when the database is down.

Every page is rendered from the template alone, without the request's context
processors, the session or the database, so that an error page can never itself
fail (a page that needs the database would turn a 503 into a crash). They show
no stack trace, setting or request detail, and always the emergency numbers.
"""
import logging
import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

DATABASE_DOWN_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
# A request over DATA_UPLOAD_MAX_NUMBER_FIELDS, DATA_UPLOAD_MAX_MEMORY_SIZE or
# DATA_UPLOAD_MAX_NUMBER_FILES. Raised before any view runs, so a draft in the session is
# untouched: the page says so and links back to the form.
TOO_MUCH_DATA_ERRORS = (TooManyFieldsSent, RequestDataTooBig, TooManyFilesSent)
PUBLIC_FORM_PREFIXES = ("/report/", "/complaint/", "/referral/", "/follow-up/")


def render_error(status: int, **context) -> HttpResponse:
    body = loader.render_to_string(
        f"errors/{status}.html", {"QUICK_EXIT_URL": settings.QUICK_EXIT_URL, **context}
    )
    response = HttpResponse(body, status=status)
    add_never_cache_headers(response)
    return response


def database_unavailable() -> HttpResponse:
    response = render_error(503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _caused_by_database_outage(exception) -> bool:
    """True when a database error is in the exception's chain.

    Django's session middleware turns a failed session UPDATE (the database went away
    during the request) into SessionInterrupted, a 400: that is an outage, not a bad
    request (seen in the PostgreSQL-restart fault run of `make bench`).
    """
    seen = 0
    while exception is not None and seen < 10:
        if isinstance(exception, DATABASE_DOWN_ERRORS):
            return True
        exception = exception.__cause__ or exception.__context__
        seen += 1
    return False


def bad_request(request, exception=None):
    if _caused_by_database_outage(exception):
        logger.warning("database unavailable: answering 503 (session could not be saved)")
        return database_unavailable()
    if isinstance(exception, TOO_MUCH_DATA_ERRORS):
        path = request.path
        back = path if path.startswith(PUBLIC_FORM_PREFIXES) else None
        return render_error(400, too_much=True, back_url=back)
    return render_error(400)


def permission_denied(request, exception=None):
    return render_error(403)


def csrf_failure(request, reason=""):
    return render_error(403, csrf_failure=True)


def page_not_found(request, exception=None):
    return render_error(404)


def server_error(request):
    """handler500. Django calls it while handling the exception, wherever it was raised
    (a view, a template, a middleware): a lost database connection answers 503."""
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_DOWN_ERRORS):
        logger.warning("database unavailable: answering 503 (%s)", type(exc).__name__)
        return database_unavailable()
    return render_error(500)
