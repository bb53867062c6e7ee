"""Settings shared by every environment.

Everything that differs between machines comes from the environment (or a
`.env` file, then `.local/env`, which `scripts/services` writes).  Secrets have
no default here: a machine without them does not start.
"""
import os
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF

from .environment import BASE_DIR, SITE_URL, env  # noqa: F401 (env and SITE_URL for the other settings modules)

# --- Core -----------------------------------------------------------------
SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# What an error report (the DEBUG page, a logged report) may show: no project secret
# whatever its name (RECEIPT_CODE_PEPPER...), no password in a URL, no POST value.
DEFAULT_EXCEPTION_REPORTER_FILTER = "idhr_portal.exception_filter.ProjectSecretsFilter"
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "idhr_portal.apps.IDHRAdminConfig",  # django.contrib.admin with the staff site (cases.admin_site)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "pgtrigger",
    "pghistory",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp_webauthn",  # passkeys for the break-glass accounts (issue 19)
    "axes",
    "csp",
    "idhr_portal.security",
    "djangosaml2",  # SAML single sign-on (idhr_portal/sso)
    "idhr_portal.sso",
    # Project apps (dependencies point down this list: cases -> reports -> resources).
    "resources",
    "reports",
    "cases",
    "notifications",
]

MIDDLEWARE = [
    # The header middleware come first, so that their headers reach every response:
    # static files (WhiteNoise), redirects, views and the 404/500/503 pages.
    # HSTS (production), X-Content-Type-Options, Referrer-Policy, COOP, SSL redirect.
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy (CONTENT_SECURITY_POLICY below)
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Permissions-Policy, Cross-Origin-Resource-Policy, no-store by URL prefix.
    "idhr_portal.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The SAML session (outstanding requests): a cookie only on a single sign-on, never on public pages.
    "djangosaml2.middleware.SamlSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Single sign-on sessions: end when the directory membership changes (idhr_portal/sso).
    "idhr_portal.sso.middleware.SsoSessionMiddleware",
    # Idle timeout, sign-out everywhere, and the two-factor requirement.
    "idhr_portal.security.middleware.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # django-axes wants to be last: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
    # A staff action posted twice takes effect once (one-time form tokens): it runs the
    # view itself inside the token's transaction, so it comes after every process_view.
    "cases.once.OnceMiddleware",
]

ROOT_URLCONF = "idhr_portal.urls"
WSGI_APPLICATION = "idhr_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "idhr_portal.context_processors.site",
                "idhr_portal.sso.context_processors.sso",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
# Two database roles (docs/deployment.md): DATABASE_URL is this process's connection;
# when it is the runtime role (row rights only), DATABASE_OWNER_URL is the owner's, which
# the retention purge and key rotation take for their duration (idhr_portal.db_roles).
# Locally IDHR_DB_ROLE=runtime (the Procfile) connects as .local/env's DATABASE_RUNTIME_URL
# and keeps DATABASE_URL (the owner's: migrate, the tests) as the owner's.
if env("IDHR_DB_ROLE", default="") == "runtime":
    DATABASES = {"default": env.db("DATABASE_RUNTIME_URL")}
    DATABASE_OWNER = env.db("DATABASE_URL")
else:
    DATABASES = {"default": env.db("DATABASE_URL")}
    DATABASE_OWNER = env.db("DATABASE_OWNER_URL") if env("DATABASE_OWNER_URL", default="") else None
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int(
    "DB_CONNECT_TIMEOUT", default=3
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (Redis; rate-limit counters, cached public pages) ---------------------
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("CACHE_URL"),
        "KEY_PREFIX": "idhr",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}

# --- Auth -------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# The lockout backend first (it only refuses locked accounts), then the real one.
AUTHENTICATION_BACKENDS = [
    "idhr_portal.security.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
    "idhr_portal.sso.backends.SamlBackend",  # single sign-on (only when a SAML assertion is given)
]

# --- Staff sign-in (two-factor, passkeys, lockout) and single sign-on: settings/signin.py ---
from .signin import *  # noqa: E402,F403

# --- Sessions and cookies ---------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# Strict: nothing needs the session on a navigation from another site (the quick exit
# leaves the site; receipt-code follow-up starts from our own form). A staff member who
# follows an admin link from webmail may be asked to sign in again. See docs/deployment.md.
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Strict"
CSRF_FAILURE_VIEW = "idhr_portal.errors.csrf_failure"

# --- Security headers ----------------------------------------------------------
# Django's own (SecurityMiddleware, XFrameOptionsMiddleware); HSTS in production.py.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Other sites never learn which page a visitor came from; our own pages send the
# referrer and a real `Origin` with a form POST, which Django's CSRF check verifies.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# django-csp: everything from our own origin, no inline script or style, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "object-src": [NONE],
    },
}
# Permissions-Policy, Cross-Origin-Resource-Policy and no-store on the report, follow-up,
# account and admin pages: idhr_portal/middleware.py (Django has no setting for them).

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

# --- Static and private files -------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded evidence and case documents: encrypted on disk, never served by URL.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / ".local" / "media")))

# --- Backups (cases/backup: pgBackRest for the database, a manifest of the private media) ---
# scripts/services writes these for the local cluster; production: docs/deployment.md.
_LOCAL_DIR = Path(os.environ.get("IDHR_LOCAL_DIR", BASE_DIR / ".local"))
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(_LOCAL_DIR / "backup")))
PGBACKREST_CONFIG = env("PGBACKREST_CONFIG", default=str(BACKUP_DIR / "pgbackrest.conf"))
PGBACKREST_STANZA = env("PGBACKREST_STANZA", default="idhr")
# PostgreSQL's server binaries (pg_ctl) for the restore drill's scratch cluster.
PG_BIN = env("PG_BIN", default="")
# Where the restore drill builds its scratch cluster (its own port, removed afterwards).
RESTORE_DRILL_DIR = Path(env("RESTORE_DRILL_DIR", default=str(_LOCAL_DIR / "drill")))
# The audit chains' heads, appended daily outside the database (cases.audit_anchors).
AUDIT_ANCHOR_FILE = Path(env("AUDIT_ANCHOR_FILE", default=str(BACKUP_DIR / "anchors" / "audit-anchors.jsonl")))

# --- Encryption keys (never SECRET_KEY) ----------------------------------------
# Fernet keys, comma separated; the first encrypts, all of them decrypt.
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS")
# HMAC key for the respondent blind index (repeat-respondent matching).
BLIND_INDEX_KEY = env("BLIND_INDEX_KEY")
# HMAC pepper for receipt codes: only the keyed hash of a code is stored.
RECEIPT_CODE_PEPPER = env("RECEIPT_CODE_PEPPER")

# --- Email ------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL")
vars().update(EMAIL_CONFIG)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="IDHR Portal <no-reply@idhr.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Extra address that receives every Title IX alert (besides the coordinator group).
TITLE_IX_ALERT_EMAIL = env("TITLE_IX_ALERT_EMAIL", default="")

# --- Celery -----------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="idhr")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker whose broker is gone keeps trying (every 2 s, growing to 30 s) however long
# the outage: the default gives up after 100 attempts and exits (idhr_portal/celery.py).
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# Publishing must give up quickly when Redis is down: the outbox row is kept and the
# beat sweep sends it later, so a request never waits on the broker for long.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Longer than the longest retry countdown (NOTIFICATION_RETRY_BACKOFF_MAX): a
    # task waiting for its ETA is not handed to a second worker (checked at start-up).
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=2 * 60 * 60),
    "socket_connect_timeout": 1,
    "socket_timeout": 2,
    # One reconnection, at once: a publish with Redis down fails in well under 3 s.
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TIMEZONE = TIME_ZONE
# Every periodic task, in one place (times are CELERY_TIMEZONE, the office's local time).
# How often beat runs the outbox sweep: a row whose publish failed (broker down) is sent by
# the first sweep after Redis is back, so this bounds the delay after an outage.
NOTIFICATION_SWEEP_INTERVAL = env.float("NOTIFICATION_SWEEP_INTERVAL", default=10.0)
CELERY_BEAT_SCHEDULE = {
    # Re-queue notifications still pending after the grace period (at once when their
    # publish failed); fail exhausted ones.
    "notifications-sweep": {"task": "notifications.sweep", "schedule": NOTIFICATION_SWEEP_INTERVAL},
    # The daily overdue digest (cases.tasks.send_deadline_digest), 07:00.
    "cases-deadline-digest": {"task": "cases.send_deadline_digest", "schedule": crontab(hour=7, minute=0)},
    # Letters published in the portal and never opened: a follow-up deadline on the case, 06:30.
    "cases-portal-unopened-letters": {
        "task": "cases.portal_unopened_letters",
        "schedule": crontab(hour=6, minute=30),
    },
    # Determinations whose appeal window ended become final (cases.services.finality), 00:15.
    "cases-determinations-finalise": {
        "task": "cases.determinations_finalise",
        "schedule": crontab(hour=0, minute=15),
    },
    # The audit trail's hash chains verified (cases.audit_chain), 06:45: heads or an alert to the coordinators.
    "cases-audit-verify": {"task": "cases.audit_verify", "schedule": crontab(hour=6, minute=45)},
    # Expired records purged (cases.retention, RETENTION_YEARS below), 03:30 on the 1st of the month.
    "cases-purge-expired": {
        "task": "cases.purge_expired",
        "schedule": crontab(day_of_month=1, hour=3, minute=30),
    },
    # Staged uploads of abandoned report drafts (REPORTS_STAGING_MAX_AGE_SECONDS below).
    "reports-purge-staging": {"task": "reports.staging_purge", "schedule": 15 * 60},
    # Expired sessions (abandoned drafts, follow-up links, old staff sessions) deleted.
    "reports-purge-sessions": {"task": "reports.sessions_purge", "schedule": 15 * 60},
    # Complete case files deleted a day after their request; lost export tasks published
    # again (cases.services.case_file_export).
    "cases-case-file-exports-sweep": {"task": "cases.case_file_exports_sweep", "schedule": 5 * 60},
    # The statistics page's summary recounted (cases.statistics.summary), 02:15 nightly.
    "cases-statistics-refresh": {"task": "cases.statistics_refresh", "schedule": crontab(hour=2, minute=15)},
    # One-time form tokens of staff posts more than a day old forgotten (cases.once), 02:45.
    "cases-form-submissions-purge": {
        "task": "cases.form_submissions_purge",
        "schedule": crontab(hour=2, minute=45),
    },
}

# --- Notifications (the outbox; see notifications/services.py) -------------------
# Attempts before a notification is marked failed and intake staff are alerted.
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=6)
# Retry back-off in seconds: BACKOFF * 2**(attempt-1), jittered, capped at BACKOFF_MAX.
NOTIFICATION_RETRY_BACKOFF = env.float("NOTIFICATION_RETRY_BACKOFF", default=30.0)
NOTIFICATION_RETRY_BACKOFF_MAX = env.float("NOTIFICATION_RETRY_BACKOFF_MAX", default=15 * 60.0)
# The beat sweep re-queues a pending notification due for longer than this (seconds).
NOTIFICATION_SWEEP_GRACE = env.float("NOTIFICATION_SWEEP_GRACE", default=120.0)

# --- Cases: stage deadlines (business days from entering the stage) -----------
CASE_STAGE_TARGET_BUSINESS_DAYS = {
    "new": 1,  # triage
    "outreach": 2,
    "assessment": 10,
    "informal_resolution": 30,
    "investigation": 60,
    "determination": 10,
    "appeal_window": 5,  # also the length of the appeal window after a determination
}
# Office holidays (ISO dates) skipped when counting business days.
CASE_HOLIDAYS = env.list("CASE_HOLIDAYS", default=[])
# --- The formal process's clocks (cases.services.deadlines) ---------------------------
# 34 CFR 106.45(b)(5)(vi)-(vii): at least 10 days to respond to the evidence, and the
# investigation report at least 10 days before the hearing. These are floors: a setting
# below 10 is raised to 10.
TITLE_IX_EVIDENCE_RESPONSE_DAYS = max(10, env.int("TITLE_IX_EVIDENCE_RESPONSE_DAYS", default=10))
TITLE_IX_REPORT_BEFORE_HEARING_DAYS = max(10, env.int("TITLE_IX_REPORT_BEFORE_HEARING_DAYS", default=10))
# 106.45(b)(5)(v) asks for "sufficient time to prepare" before an interview, meeting or
# hearing without naming a number: the office's minimum, in calendar days (not from the seeds).
PROCESS_MEETING_NOTICE_DAYS = env.int("PROCESS_MEETING_NOTICE_DAYS", default=5)
# The overdue digest runs daily (CELERY_BEAT_SCHEDULE above).
# --- Retention (cases.retention; `manage.py purge_expired`) ----------------------
# Years a record is kept, per outcome, counted from the day the case was closed (or,
# for a report never attached to a case, from the day it was received). Each value
# can be set with RETENTION_YEARS_<KEY>, e.g. RETENTION_YEARS_CLOSED_NO_ACTION=3.
# The default of 7 years follows the Title IX record-keeping rule (34 CFR
# 106.45(b)(10)); shorten a value only on the office's written retention schedule.
RETENTION_YEARS = {
    key: env.int(f"RETENTION_YEARS_{key.upper()}", default=7)
    for key in (
        "closed_no_action",  # status "closed with no action"
        "closed_information_only",  # status "closed with information only"
        "closed_supportive_measures",  # closed after supportive measures only
        "closed_informal_resolution",  # closed after an informal resolution
        "closed_formal_investigation",  # closed after an investigation (and any appeal)
        "closed",  # closed on any other pathway
        "anonymous_report_without_case",  # anonymous report never triaged into a case
        "report_without_case",  # named report, complaint or referral never in a case
    )
}
# The purge runs monthly (`cases-purge-expired` in CELERY_BEAT_SCHEDULE above).

# --- Site content -----------------------------------------------------------
# Where the quick-exit control sends a visitor: a neutral site, replacing history.
QUICK_EXIT_URL = env("QUICK_EXIT_URL", default="https://www.weather.gov/")

# --- Forms ------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Logging: no client addresses or user agents, ever -------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # runserver's access log carries the client address: keep it quiet.
        "django.server": {"handlers": [], "level": "ERROR", "propagate": False},
    },
}

# --- Reports (intake; reports app) ----------------------------------------------
# Uploads stay in memory (never a plain temporary file on disk) and are encrypted
# before they are stored: reports.uploads.MemoryOnlyUploadHandler is the only handler.
REPORTS_MAX_ATTACHMENTS = 5
REPORTS_ATTACHMENT_MAX_SIZE = 10 * 1024 * 1024  # bytes, per file
# One request may carry every attachment at once, plus the form fields.
REPORTS_UPLOAD_MAX_REQUEST_SIZE = REPORTS_MAX_ATTACHMENTS * REPORTS_ATTACHMENT_MAX_SIZE + 2 * 1024 * 1024
FILE_UPLOAD_HANDLERS = ["reports.uploads.MemoryOnlyUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = REPORTS_UPLOAD_MAX_REQUEST_SIZE
REPORTS_NARRATIVE_MAX_LENGTH = 50_000  # characters
# A draft (held encrypted in the session) is dropped after this long without a step.
REPORTS_DRAFT_IDLE_SECONDS = env.int("REPORTS_DRAFT_IDLE_SECONDS", default=60 * 60)
# The timeout warning (WCAG 2.2.1) shows this long before a draft would be cleared.
REPORTS_DRAFT_WARN_SECONDS = 2 * 60
# Staged uploads of abandoned drafts are purged after this long.
REPORTS_STAGING_MAX_AGE_SECONDS = 2 * REPORTS_DRAFT_IDLE_SECONDS
# A receipt-code follow-up session ends after this long without a request.
REPORTS_FOLLOW_UP_IDLE_SECONDS = 30 * 60
# Receipt-code attempts (cache counters, no client addresses): for the whole site
# per minute, and for any one code per hour.
REPORTS_FOLLOW_UP_ATTEMPTS_PER_MINUTE = env.int("REPORTS_FOLLOW_UP_ATTEMPTS_PER_MINUTE", default=600)
# Per client (idhr_portal.client_buckets: an HMAC of the address under a key held in
# memory only, replaced every window; docs/deployment.md, threat model). Attempts a
# client's bucket refuses do not count against the site-wide limit above.
REPORTS_FOLLOW_UP_ATTEMPTS_PER_CLIENT = env.int("REPORTS_FOLLOW_UP_ATTEMPTS_PER_CLIENT", default=10)
REPORTS_FOLLOW_UP_CLIENT_WINDOW_SECONDS = env.int("REPORTS_FOLLOW_UP_CLIENT_WINDOW_SECONDS", default=5 * 60)
# Where the client's address is read (request.META key): behind the proxy, its X-Real-IP.
REPORTS_CLIENT_ADDRESS_META = env("REPORTS_CLIENT_ADDRESS_META", default="REMOTE_ADDR")
REPORTS_FOLLOW_UP_ATTEMPTS_PER_CODE_PER_HOUR = 10

# Party portal (cases.portal): invitation links work once and expire after this many days;
# the one-time code emailed when a link is opened works this many minutes and tries;
# a portal session ends after this long without a request.
PORTAL_INVITATION_DAYS = env.int("PORTAL_INVITATION_DAYS", default=7)
PORTAL_CODE_MINUTES = env.int("PORTAL_CODE_MINUTES", default=10)
PORTAL_CODE_ATTEMPTS = env.int("PORTAL_CODE_ATTEMPTS", default=5)
PORTAL_IDLE_SECONDS = env.int("PORTAL_IDLE_SECONDS", default=15 * 60)
# Password sign-in of a returning party (cases.services.portal_account): wrong passwords
# allowed per email address per window (cache counter), and per client (in memory, no address kept).
PORTAL_PASSWORD_ATTEMPTS = env.int("PORTAL_PASSWORD_ATTEMPTS", default=5)
PORTAL_PASSWORD_WINDOW_SECONDS = env.int("PORTAL_PASSWORD_WINDOW_SECONDS", default=15 * 60)
PORTAL_PASSWORD_ATTEMPTS_PER_CLIENT = env.int("PORTAL_PASSWORD_ATTEMPTS_PER_CLIENT", default=20)

# Statistics (issue 17, cases.statistics): every figure that leaves the admin (export, PDF,
# chart) shows a count under this threshold as "fewer than N" and withholds enough other
# figures that it cannot be worked out. Never below 3: a lower value is refused at startup.
IDHR_STATISTICS_SUPPRESSION_THRESHOLD = env.int("IDHR_STATISTICS_SUPPRESSION_THRESHOLD", default=5)
if IDHR_STATISTICS_SUPPRESSION_THRESHOLD < 3:
    from django.core.exceptions import ImproperlyConfigured
    raise ImproperlyConfigured(
        f"IDHR_STATISTICS_SUPPRESSION_THRESHOLD is {IDHR_STATISTICS_SUPPRESSION_THRESHOLD}: it must be 3 or more "
        "(a published count of 1 or 2 can identify a person; the default is 5)."
    )
# A letter published in the portal and not opened after this many days raises a "follow up by
# phone or post" deadline on its case (cases.tasks.portal_unopened_letters, daily), due this
# many business days later.
PORTAL_UNOPENED_DAYS = env.int("PORTAL_UNOPENED_DAYS", default=5)
PORTAL_FOLLOW_UP_DAYS = env.int("PORTAL_FOLLOW_UP_DAYS", default=2)
# Access log (issue 18): more than this many refused attempts by one staff member within
# an hour (a case, document, letter or export they may not see) alert the coordinators.
IDHR_REFUSED_ACCESS_ALERT = env.int("IDHR_REFUSED_ACCESS_ALERT", default=10)
