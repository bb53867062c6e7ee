"""Staff sign-in: two-factor (TOTP), passkeys for break-glass accounts, the per-account
lockout, and single sign-on through SAML 2.0 (idhr_portal/security, idhr_portal/sso;
docs/deployment.md, "Sign-in protection" and "Single sign-on"). Imported by base.py.
"""
from urllib.parse import urlsplit

from .environment import SITE_URL, env

# --- Staff sign-in: two-factor, lockout, sessions (idhr_portal/security) -------
# Two-factor (TOTP) for every signed-in account; always on in production settings.
IDHR_REQUIRE_2FA = env.bool("IDHR_REQUIRE_2FA", default=False)
# A signed-in session ends after this many seconds without a request.
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_SECONDS", default=30 * 60)
OTP_TOTP_ISSUER = "IDHR Portal"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Passkeys (django-otp-webauthn) as the second factor of break-glass (local) accounts
# only: never passwordless, and registered only after the password and a TOTP code.
OTP_WEBAUTHN_RP_NAME = "IDHR Portal"
# The site's domain and origin (a passkey is bound to them); from SITE_URL unless set.
# (A browser never binds a passkey to an IP address: 127.0.0.1 in development is "localhost".)
_PASSKEY_SITE = urlsplit(SITE_URL)
_PASSKEY_HOST = "localhost" if _PASSKEY_SITE.hostname in ("127.0.0.1", "::1", None) else _PASSKEY_SITE.hostname
OTP_WEBAUTHN_RP_ID = env("IDHR_WEBAUTHN_RP_ID", default=_PASSKEY_HOST)
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list(
    "IDHR_WEBAUTHN_ALLOWED_ORIGINS",
    default=[f"{_PASSKEY_SITE.scheme}://{_PASSKEY_HOST}" + (f":{_PASSKEY_SITE.port}" if _PASSKEY_SITE.port else "")],
)
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# django-axes: lock by username only and keep counters in the cache, so no IP
# address or user agent is ever written to the database or the logs.
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_MINUTES", default=15) / 60  # hours
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "idhr_portal.security.lockout.no_client_ip"
AXES_CLIENT_STR_CALLABLE = "idhr_portal.security.lockout.client_str"
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_ENABLE_ADMIN = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "user_agent"]
AXES_LOCKOUT_TEMPLATE = "security/locked_out.html"
SILENCED_SYSTEM_CHECKS = [
    # axes.W006 asks for the client IP in the lockout key; we never store or use client
    # addresses (DESIGN.md privacy rules). The username-only lock is deliberate (and
    # idhr.E002 checks it); see docs/deployment.md, "Sign-in protection".
    "axes.W006",
]

# --- Single sign-on: SAML 2.0 (idhr_portal/sso; docs/deployment.md, "Single sign-on") ---
# Off while IDHR_SAML_IDP_METADATA is empty: local password + TOTP sign-in only.
IDHR_SAML_IDP_METADATA = env("IDHR_SAML_IDP_METADATA", default="")  # a file path or an https URL
IDHR_SAML_IDP_METADATA_CERT = env("IDHR_SAML_IDP_METADATA_CERT", default="")  # checks signed remote metadata
IDHR_SAML_SP_ENTITY_ID = env("IDHR_SAML_SP_ENTITY_ID", default="")  # default: SITE_URL + /saml2/metadata/
IDHR_SAML_KEY_FILE = env("IDHR_SAML_KEY_FILE", default="")  # signs requests (PEM)
IDHR_SAML_CERT_FILE = env("IDHR_SAML_CERT_FILE", default="")
IDHR_SAML_ENCRYPTION_KEY_FILE = env("IDHR_SAML_ENCRYPTION_KEY_FILE", default="")  # optional: encrypted assertions
IDHR_SAML_ENCRYPTION_CERT_FILE = env("IDHR_SAML_ENCRYPTION_CERT_FILE", default="")
IDHR_SAML_CLOCK_SKEW_SECONDS = env.int("IDHR_SAML_CLOCK_SKEW_SECONDS", default=60)
IDHR_SAML_WANT_ASSERTIONS_SIGNED = env.bool("IDHR_SAML_WANT_ASSERTIONS_SIGNED", default=True)
IDHR_SAML_WANT_RESPONSE_SIGNED = env.bool("IDHR_SAML_WANT_RESPONSE_SIGNED", default=False)
IDHR_SAML_REQUIRE_MFA = env.bool("IDHR_SAML_REQUIRE_MFA", default=True)  # REFEDS MFA for staff roles
IDHR_SAML_XMLSEC_BINARY = env("IDHR_SAML_XMLSEC_BINARY", default="/usr/bin/xmlsec1")
IDHR_SAML_CONTACT_EMAIL = env("IDHR_SAML_CONTACT_EMAIL", default="")
IDHR_SAML_USERNAME_ATTRIBUTE = env("IDHR_SAML_USERNAME_ATTRIBUTE", default="eduPersonPrincipalName")
IDHR_SAML_EMAIL_ATTRIBUTE = env("IDHR_SAML_EMAIL_ATTRIBUTE", default="mail")
# Roles from the directory: the attribute, and the value of it that grants each group.
IDHR_SAML_GROUP_ATTRIBUTE = env("IDHR_SAML_GROUP_ATTRIBUTE", default="isMemberOf")
IDHR_SAML_ROLES = {
    "Title IX coordinator": env("IDHR_SAML_ROLE_COORDINATOR", default=""),
    "Case manager": env("IDHR_SAML_ROLE_CASE_MANAGER", default=""),
    "Investigator": env("IDHR_SAML_ROLE_INVESTIGATOR", default=""),
    "Bias Response Team": env("IDHR_SAML_ROLE_BIAS_RESPONSE_TEAM", default=""),
    "Responsible employee": env("IDHR_SAML_ROLE_RESPONSIBLE_EMPLOYEE", default=""),
}
# djangosaml2
SAML_CONFIG_LOADER = "idhr_portal.sso.config.sp_config"
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"  # signed query string, no script
SAML_DJANGO_USER_MAIN_ATTRIBUTE = "username"
SAML_CREATE_UNKNOWN_USER = True
SAML_IGNORE_LOGOUT_ERRORS = True
ACS_DEFAULT_REDIRECT_URL = "/admin/"
LOGOUT_REDIRECT_URL = "/admin/login/"
# The SAML session cookie must reach the assertion consumer on the identity provider's
# POST (a cross-site request): SameSite=None needs Secure (production); Lax over plain HTTP.
SAML_SESSION_COOKIE_NAME = "saml_session"
SAML_SESSION_COOKIE_SAMESITE = "Lax"
