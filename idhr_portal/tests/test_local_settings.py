"""`make run` is production-like: DEBUG off unless a developer asks (DJANGO_DEBUG=true),
so visitors get the portal's own error pages, and WhiteNoise still serves the static files."""
import json
import os
import subprocess
import sys

from django.conf import settings

PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(raise_request_exception=False)
css = client.get("/static/css/site.css", HTTP_HOST="127.0.0.1")
missing = client.get("/there-is-nothing-here/", HTTP_HOST="127.0.0.1")
print(json.dumps({"debug": settings.DEBUG, "css": css.status_code, "missing": missing.status_code,
                  "missing_body": missing.content.decode()[:20000]}))
"""


def probe(**env_changes) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_DEBUG"}
    env.update(DJANGO_SETTINGS_MODULE="idhr_portal.settings.local", **env_changes)
    out = subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-c", PROBE], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_make_run_has_debug_off_by_default_and_serves_static_files():
    result = probe()
    assert result["debug"] is False
    assert result["css"] == 200
    assert result["missing"] == 404
    assert "Page not found" in result["missing_body"]
    assert "Using the URLconf" not in result["missing_body"]  # Django's debug 404


def test_a_developer_turns_debug_on_with_django_debug_true():
    assert probe(DJANGO_DEBUG="true")["debug"] is True
