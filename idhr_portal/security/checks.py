"""Deploy checks of our own: `manage.py check --deploy` fails on a weak production set-up."""
from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def production_sign_in_and_keys(app_configs, **kwargs):
    errors = []
    if not settings.IDHR_REQUIRE_2FA:
        errors.append(Error("IDHR_REQUIRE_2FA must be true in production.", id="idhr.E001"))
    if "username" not in settings.AXES_LOCKOUT_PARAMETERS or not settings.AXES_ENABLED:
        errors.append(Error("django-axes must lock accounts by username.", id="idhr.E002"))
    secret = settings.SECRET_KEY
    keys = list(settings.FIELD_ENCRYPTION_KEYS)
    if not keys:
        errors.append(Error("FIELD_ENCRYPTION_KEYS is empty.", id="idhr.E003"))
    others = [*keys, settings.BLIND_INDEX_KEY, settings.RECEIPT_CODE_PEPPER]
    if secret in others:
        errors.append(Error("DJANGO_SECRET_KEY must not double as a data key.", id="idhr.E004"))
    for name in ("BLIND_INDEX_KEY", "RECEIPT_CODE_PEPPER"):
        if len(getattr(settings, name)) < 32:
            errors.append(Error(f"{name} must be at least 32 characters of random data.", id="idhr.E005"))
    if settings.BLIND_INDEX_KEY == settings.RECEIPT_CODE_PEPPER:
        errors.append(Error("BLIND_INDEX_KEY and RECEIPT_CODE_PEPPER must differ.", id="idhr.E006"))
    if not settings.SESSION_COOKIE_NAME.startswith("__Host-"):
        errors.append(Error("The session cookie must carry the __Host- prefix.", id="idhr.E007"))
    return errors
