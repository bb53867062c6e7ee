"""What Django's error reports (the DEBUG page, logged reports) may show: no secret.

Django's own filter hides settings whose names contain API, TOKEN, KEY, SECRET, PASS or
SIGNATURE. This project keeps secrets under other names too (RECEIPT_CODE_PEPPER) and in
URLs (a Redis or database password in CELERY_BROKER_URL or a cache LOCATION), and its
forms carry what people report. So, on top of Django's rules:

- every setting, environment variable or request header whose name says PEPPER, BLIND,
  ENCRYPTION, BROKER, DATABASE, CACHE, EMAIL_URL or DSN is hidden, and so are the
  client's address and user agent (REMOTE_ADDR, X-Real-IP, X-Forwarded-For, User-Agent);
- a password inside a URL (`scheme://user:password@host`) is hidden wherever it appears;
- the value of any of the project's secret settings is hidden wherever it appears,
  whatever the name around it (a copy in another setting or variable);
- POST values are hidden, all of them: narratives, names and receipt codes.

Settings: DEFAULT_EXCEPTION_REPORTER_FILTER = "idhr_portal.exception_filter.ProjectSecretsFilter".
"""

import re

from django.conf import settings
from django.views.debug import SafeExceptionReporterFilter

# The project's secrets (docs/deployment.md, "Keys"), by setting name.
PROJECT_SECRETS = (
    "SECRET_KEY",
    "SECRET_KEY_FALLBACKS",
    "FIELD_ENCRYPTION_KEYS",
    "BLIND_INDEX_KEY",
    "RECEIPT_CODE_PEPPER",
)

URL_PASSWORD = re.compile(r"(?P<head>[a-z][a-z0-9+.\-]*://[^:/@\s]*:)[^@\s]+(?P<tail>@)", re.I)


def _secret_values() -> list[str]:
    values = []
    for name in PROJECT_SECRETS:
        value = getattr(settings, name, None)
        for item in value if isinstance(value, list | tuple) else [value]:
            if isinstance(item, str) and len(item) >= 8:
                values.append(item)
    return values


class ProjectSecretsFilter(SafeExceptionReporterFilter):
    hidden_settings = re.compile(
        "API|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|PEPPER|BLIND|ENCRYPTION|BROKER|DATABASE|CACHE|"
        "EMAIL_URL|DSN|REMOTE_ADDR|REAL_IP|FORWARDED|USER_AGENT",
        flags=re.I,
    )

    def cleanse_setting(self, key, value):
        value = super().cleanse_setting(key, value)
        if type(value) is str and value != self.cleansed_substitute:  # not lazy strings (django-axes)
            value = URL_PASSWORD.sub(rf"\g<head>{self.cleansed_substitute}\g<tail>", value)
            for secret in _secret_values():
                value = value.replace(secret, self.cleansed_substitute)
        return value

    def get_post_parameters(self, request):
        if request is None:
            return {}
        cleansed = request.POST.copy()
        for name in cleansed:
            cleansed[name] = self.cleansed_substitute
        return cleansed

    def get_traceback_frame_variables(self, request, tb_frame):
        variables = super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleanse_setting(name, value)) for name, value in variables]
