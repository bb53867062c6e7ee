"""Browser tests: Playwright driving Debian's Chromium, axe-core, screenshots."""
import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_SOURCE = (Path(__file__).parent / "axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOT_DIR = Path(os.environ.get("SCREENSHOT_DIR", settings.BASE_DIR / "artifacts" / "screenshots"))
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it is now; return WCAG 2.1 A/AA violations.

    The script is evaluated through the DevTools protocol, not injected as an
    inline <script>, so the page's Content-Security-Policy stays in force.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE + "\n;undefined")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return result["violations"]


def assert_accessible(page, context: str = "") -> None:
    """Fail with a readable list if axe-core finds any WCAG 2.1 A/AA violation."""
    violations = axe_violations(page)
    if violations:
        lines = []
        for v in violations:
            targets = [", ".join(n["target"]) for n in v["nodes"][:5]]
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']}\n    at {targets}")
        raise AssertionError(
            f"axe-core found {len(violations)} WCAG 2.1 A/AA violation(s) on {context or page.url}:\n"
            + "\n".join(lines)
        )


def screenshots_wanted() -> bool:
    """`make screenshots` (pytest --screenshots) saves them; `make test` does not."""
    return os.environ.get("IDHR_SCREENSHOTS") == "1"


def screenshot(page, name: str, full_page: bool = True) -> Path:
    """Save a PNG for a person to look at (artifacts/screenshots by default), under
    `make screenshots`; otherwise only name the file (nothing in `make test` reads it)."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")
    path = SCREENSHOT_DIR / f"{safe}.png"
    if screenshots_wanted():
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=full_page)
    return path


class RequestLog:
    """Every request a page makes; `foreign()` lists those to another host."""

    def __init__(self, allowed_origin: str):
        self.allowed = urlsplit(allowed_origin).netloc
        self.urls: list[str] = []

    def __call__(self, request):
        self.urls.append(request.url)

    def foreign(self) -> list[str]:
        return [
            u for u in self.urls
            if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).netloc != self.allowed
        ]


def dump(obj) -> str:
    return json.dumps(obj, indent=2, default=str)


# Public-side checks (issue 12) run on a touch phone and on a laptop screen:
# new_page(**TOUCH_PHONE) / new_page(**LAPTOP).
TOUCH_PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
LAPTOP = {"viewport": {"width": 1280, "height": 800}}
SIZES = {"phone": TOUCH_PHONE, "desktop": LAPTOP}

# The neutral site of the quick exit (settings.QUICK_EXIT_URL's default), stubbed in tests.
NEUTRAL = "https://www.weather.gov/"


def stub_neutral_site(page):
    """Serve the neutral site from inside the test, so nothing leaves the machine.

    Playwright does not route the request a redirect leads to, so /exit/ is fetched
    here (the real view, with the browser's cookies) and its redirect is checked and
    followed with a zero-second refresh, which the route above then answers.
    """
    page.route(
        f"{NEUTRAL}**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<!doctype html><title>Weather</title><h1>Forecast</h1>"
        ),
    )
    page.route("**/exit/", _exit_then_refresh)


def _exit_then_refresh(route):
    response = route.fetch(max_redirects=0)
    assert response.status == 302 and response.headers["location"] == NEUTRAL
    route.fulfill(
        status=200,
        content_type="text/html",
        body=f'<!doctype html><meta http-equiv="refresh" content="0;url={NEUTRAL}"><title>Leaving</title>',
    )
