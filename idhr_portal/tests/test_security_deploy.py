"""Production settings pass `check --deploy` and refuse to start without their secrets."""
import os
import secrets
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.conf import settings

ROOT = settings.BASE_DIR


def production_env(**overrides) -> dict:
    """A complete set of fake-but-valid production variables (nothing from .local/env)."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")}
    env = {
        **keep,
        "DJANGO_SETTINGS_MODULE": "idhr_portal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "idhr.example.edu",
        "SITE_URL": "https://idhr.example.edu",
        "DATABASE_URL": "postgres://idhr:pw@db.internal:5432/idhr",
        "CACHE_URL": "redis://redis.internal:6379/1",
        "CELERY_BROKER_URL": "redis://redis.internal:6379/0",
        "EMAIL_URL": "smtp+tls://portal:pw@smtp.example.edu:587",
        "FIELD_ENCRYPTION_KEYS": f"{Fernet.generate_key().decode()},{Fernet.generate_key().decode()}",
        "BLIND_INDEX_KEY": secrets.token_urlsafe(48),
        "RECEIPT_CODE_PEPPER": secrets.token_urlsafe(48),
        "PRIVATE_MEDIA_ROOT": "/var/lib/idhr/media",
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def manage(*args, env):
    return subprocess.run(  # noqa: S603 (fixed arguments, our own interpreter)
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_with_production_settings_reports_nothing():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret():
    for name in ("DJANGO_SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEY", "RECEIPT_CODE_PEPPER",
                 "DATABASE_URL", "DJANGO_ALLOWED_HOSTS"):
        result = manage("check", env=production_env(**{name: None}))

        assert result.returncode != 0, name
        assert name in result.stderr, (name, result.stderr[-500:])


def test_check_deploy_fails_when_the_secret_key_doubles_as_a_data_key():
    env = production_env()
    env["BLIND_INDEX_KEY"] = env["DJANGO_SECRET_KEY"]

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "idhr.E004" in result.stderr


def test_production_cookies_and_transport_settings():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_NAME, s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_SAMESITE,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD,"
        " s.SECURE_PROXY_SSL_HEADER, s.SECURE_SSL_REDIRECT, s.IDHR_REQUIRE_2FA, s.DEBUG)"
    )
    result = manage("shell", "-v", "0", "-c", code, env=production_env())

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "__Host-sessionid", "True", "True", "Strict", "__Host-csrftoken", "True", "Strict",
        "63072000", "True", "True", "('HTTP_X_FORWARDED_PROTO',", "'https')", "True", "True", "False",
    ]


def test_production_sends_hsts_and_the_other_headers_over_https():
    code = (
        "from django.test import Client; "
        "r = Client().get('/healthz', secure=True, HTTP_HOST='idhr.example.edu', HTTP_X_FORWARDED_PROTO='https'); "
        "print(r.status_code); "
        "[print(f'{h}: {r[h]}') for h in ('Strict-Transport-Security', 'Referrer-Policy',"
        " 'X-Content-Type-Options', 'X-Frame-Options', 'Cross-Origin-Opener-Policy')]"
    )
    result = manage("shell", "-v", "0", "-c", code, env=production_env())

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1:] == [
        "Strict-Transport-Security: max-age=63072000; includeSubDomains; preload",
        "Referrer-Policy: same-origin",
        "X-Content-Type-Options: nosniff",
        "X-Frame-Options: DENY",
        "Cross-Origin-Opener-Policy: same-origin",
    ], result.stdout + result.stderr


@pytest.mark.django_db
def test_a_production_like_session_cookie_is_secure_strict_and_host_prefixed(client, settings):
    from .security_support import PASSWORD, make_user

    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    settings.SESSION_COOKIE_SECURE = True
    make_user("cookie-checker")

    response = client.post("/admin/login/", {"username": "cookie-checker", "password": PASSWORD}, secure=True)

    cookie = response.cookies["__Host-sessionid"]
    assert cookie["secure"] and cookie["httponly"]
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == "/" and not cookie["domain"]


def test_no_system_check_is_silenced_but_the_username_only_lockout():
    # axes.W006 asks to lock by client IP too; the privacy rules forbid reading it.
    assert settings.SILENCED_SYSTEM_CHECKS == ["axes.W006"]


def test_check_deploy_fails_without_csrf_protection(tmp_path):
    # A settings module that drops the CSRF middleware from production settings.
    (tmp_path / "nocsrf_settings.py").write_text(
        "from idhr_portal.settings.production import *  # noqa\n"
        "MIDDLEWARE = [m for m in MIDDLEWARE if 'csrf' not in m.lower()]\n"
    )
    env = production_env(DJANGO_SETTINGS_MODULE="nocsrf_settings", PYTHONPATH=str(tmp_path))

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "security.W003" in result.stderr
