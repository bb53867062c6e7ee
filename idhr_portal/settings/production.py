"""Production settings: every secret from the environment, no defaults.

Start with DJANGO_SETTINGS_MODULE=idhr_portal.settings.production. The process
refuses to start when a variable below (or in base.py) without a default is missing;
`.local/env` (development keys) is never read in production. docs/deployment.md
lists every variable and how to generate each key.

`manage.py check --deploy --fail-level WARNING` must report nothing with these
settings (a test runs it).
"""
from pathlib import Path

from .base import *  # noqa: F401,F403
from .base import env

DEBUG = False
# Required, no defaults: the host name(s) and the public address of the portal.
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
SITE_URL = env("SITE_URL").rstrip("/")
# The secrets, read again here without a default so that none can be inherited.
SECRET_KEY = env("DJANGO_SECRET_KEY")
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS")
BLIND_INDEX_KEY = env("BLIND_INDEX_KEY")
RECEIPT_CODE_PEPPER = env("RECEIPT_CODE_PEPPER")
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT"))
# The proxy's X-Real-IP (docs/deployment.md): without it every client would share the
# proxy's address and so one follow-up bucket.
REPORTS_CLIENT_ADDRESS_META = env("REPORTS_CLIENT_ADDRESS_META", default="HTTP_X_REAL_IP")

# --- Staff sign-in: two-factor always (idhr_portal/security) ---------------------
IDHR_REQUIRE_2FA = True

# --- TLS, behind the reverse proxy -------------------------------------------------
# TLS ends at the reverse proxy, which talks plain HTTP to gunicorn on a private
# network. Django learns that the visitor's request was HTTPS from X-Forwarded-Proto.
# That is only safe because the proxy ALWAYS overwrites the header with its own
# value (nginx: `proxy_set_header X-Forwarded-Proto $scheme;`) and gunicorn accepts
# connections only from the proxy. If a client could reach gunicorn directly or the
# proxy passed the client's header through, a client could claim HTTPS over HTTP.
# See docs/deployment.md, "Reverse proxy".
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# HSTS: two years, every subdomain. `preload` only takes effect if someone submits
# the domain to the browsers' preload list, which is a decision for the university's
# network office (see docs/deployment.md); check --deploy asks for the directive.
SECURE_HSTS_SECONDS = 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# --- Cookies -------------------------------------------------------------------------
# __Host- prefix: the browser accepts the cookie only if it is Secure, has Path=/ and
# no Domain, so no other host (a subdomain) can set or overwrite it.
SESSION_COOKIE_NAME = "__Host-sessionid"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Strict"
# Staff sessions also end after STAFF_SESSION_IDLE_SECONDS without a request; this is
# the hard upper bound of any session (8 hours), whatever the activity.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)

# --- Logging ---------------------------------------------------------------------------
# No AdminEmailHandler: error emails would carry request details (headers, addresses).
# Errors go to the process log only (journald), without client addresses.

# --- Single sign-on (idhr_portal/sso): the SAML session cookie reaches the cross-site POST.
SAML_SESSION_COOKIE_NAME = "__Host-saml_session"
SAML_SESSION_COOKIE_SAMESITE = "None"
