"""Deploy checks for single sign-on: `manage.py check --deploy` fails on a broken SAML set-up."""
import os
import shutil

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from .config import sso_enabled


@register(Tags.security, deploy=True)
def saml_service_provider(app_configs, **kwargs):
    if not sso_enabled():
        return []
    errors = []
    for name in ("IDHR_SAML_KEY_FILE", "IDHR_SAML_CERT_FILE"):
        path = getattr(settings, name)
        if not path or not os.access(path, os.R_OK):
            errors.append(Error(f"{name} must name a readable PEM file when single sign-on is on.", id="idhr.E101"))
    source = settings.IDHR_SAML_IDP_METADATA
    if source.startswith("http://"):
        errors.append(Error("IDHR_SAML_IDP_METADATA must be a file or an https URL.", id="idhr.E102"))
    elif source.startswith("https://"):
        if not settings.IDHR_SAML_IDP_METADATA_CERT:
            errors.append(
                Warning("Remote IdP metadata without IDHR_SAML_IDP_METADATA_CERT is not checked.", id="idhr.W101")
            )
    elif not os.access(source, os.R_OK):
        errors.append(Error("IDHR_SAML_IDP_METADATA names a file that cannot be read.", id="idhr.E102"))
    if not shutil.which(settings.IDHR_SAML_XMLSEC_BINARY):
        errors.append(Error("xmlsec1 is not installed (IDHR_SAML_XMLSEC_BINARY).", id="idhr.E103"))
    if not settings.SITE_URL.startswith("https://"):
        errors.append(Error("SITE_URL must be https: the SAML endpoints are built from it.", id="idhr.E104"))
    if not settings.IDHR_SAML_WANT_ASSERTIONS_SIGNED and not settings.IDHR_SAML_WANT_RESPONSE_SIGNED:
        errors.append(Error("Signed assertions or signed responses must be required.", id="idhr.E105"))
    if not settings.IDHR_SAML_REQUIRE_MFA:
        errors.append(Warning("IDHR_SAML_REQUIRE_MFA is off: staff sign in without multi-factor.", id="idhr.W102"))
    if settings.SAML_SESSION_COOKIE_SAMESITE == "None" and not settings.SESSION_COOKIE_SECURE:
        errors.append(Error("A SameSite=None SAML session cookie needs SESSION_COOKIE_SECURE.", id="idhr.E106"))
    return errors
