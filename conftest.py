"""Fixtures shared by every app's tests: the real worker, mailbox and browser.

- `celery_worker`: a real Celery worker on the real Redis (implies transactional_db).
- `mailbox`: mail goes to the real SMTP server; read what it received.
- `browser` / `page` / `page_nojs` / `new_page`: Debian's Chromium via Playwright,
  on pytest-django's `live_server`; each page records its requests in
  `page.request_log` (see idhr_portal.testing.browser for axe-core and screenshots).

Markers follow the fixtures: a test that requests the worker or the SMTP sink is
`integration`, one that requests Chromium or the live server is `browser`
(pytest_collection_modifyitems below), so `-m "not browser and not integration"`
is the fast subset without anyone having to remember a decorator.
"""
import os

# Playwright's sync API runs an event loop in this thread; Django must still allow
# ordinary database access from test code and the live server.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402

from idhr_portal.testing.browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, RequestLog  # noqa: E402
from idhr_portal.testing.mail import Mailbox, mail_dir  # noqa: E402

# Fixtures that bring up a real outside part; a test requesting one (directly or
# through another fixture) gets the marker. `smtp_server` and `redis_server`
# (notifications/tests/conftest.py) start an SMTP server or a redis-server of the
# test's own.
INTEGRATION_FIXTURES = frozenset({"celery_worker", "mailbox", "smtp_server", "redis_server"})
BROWSER_FIXTURES = frozenset(
    {"playwright_instance", "browser", "new_page", "page", "page_nojs", "live_server"}
)


def pytest_addoption(parser):
    parser.addoption(
        "--screenshots",
        action="store_true",
        help="save the browser tests' screenshots (artifacts/screenshots) and run the "
        "screenshot-only tests (marker `screenshots`): `make screenshots`",
    )


def pytest_configure(config):
    if config.getoption("--screenshots"):
        # Read by idhr_portal.testing.browser.screenshot (in xdist workers too).
        os.environ["IDHR_SCREENSHOTS"] = "1"


@pytest.hookimpl(tryfirst=True)  # before pytest's own -m selection runs
def pytest_collection_modifyitems(config, items):
    for item in items:
        requested = set(getattr(item, "fixturenames", ()))
        if requested & INTEGRATION_FIXTURES:
            item.add_marker(pytest.mark.integration)
        if requested & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
    # Pictures for a person to look at are `make screenshots`' job, not `make test`'s.
    if not config.getoption("--screenshots"):
        shots = [item for item in items if item.get_closest_marker("screenshots")]
        if shots:
            config.hook.pytest_deselected(items=shots)
            items[:] = [item for item in items if not item.get_closest_marker("screenshots")]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with none of this run's keys in Redis (rate-limit and sign-in
    lockout counters, cached pages); the keys of other runs are left alone."""
    from idhr_portal.testing.cache import run_cache_clear

    run_cache_clear()


@pytest.fixture(autouse=True)
def _no_audit_anchors_left():
    """Anchors written by a test name its seals: none outlives the test."""
    yield
    from django.conf import settings

    settings.AUDIT_ANCHOR_FILE.unlink(missing_ok=True)


@pytest.fixture(scope="session", autouse=True)
def _mail_run_for_subprocesses():
    """A `manage.py` subprocess a test starts stamps its mail with this run's stamp."""
    from django.conf import settings

    os.environ.setdefault("IDHR_TEST_MAIL_RUN", settings.TEST_MAIL_RUN)


@pytest.fixture(scope="session", autouse=True)
def _no_keys_left_in_redis():
    yield
    from idhr_portal.testing.cache import run_cache_clear

    run_cache_clear()


@pytest.fixture
def celery_worker(transactional_db):
    from idhr_portal.testing.celery import running_worker

    with running_worker() as worker:
        yield worker


@pytest.fixture
def mailbox(settings):
    # Django's test set-up swaps in the in-memory backend; use the real server, with
    # this run's stamp on every message (idhr_portal.testing.mail).
    settings.EMAIL_BACKEND = "idhr_portal.testing.mail.RunStampedEmailBackend"
    return Mailbox(mail_dir())


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    yield playwright
    playwright.stop()


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Factory: new_page(javascript=True, viewport=DESKTOP) -> a page in a fresh context."""
    contexts = []

    def make(*, javascript: bool = True, viewport: dict = DESKTOP, **context_options):
        context = browser.new_context(
            base_url=live_server.url,
            java_script_enabled=javascript,
            viewport=viewport,
            **context_options,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.request_log = RequestLog(live_server.url)
        page.on("request", page.request_log)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def page_nojs(new_page):
    return new_page(javascript=False)
