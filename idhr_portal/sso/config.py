"""The SAML service provider's configuration, built from the settings (the environment).

djangosaml2 asks for it on every SAML request (SAML_CONFIG_LOADER). Single sign-on is
on only when IDHR_SAML_IDP_METADATA names the identity provider's metadata (a file or
an https URL); without it the portal keeps local password sign-in and the /saml2/
views show a "not set up" page. See docs/deployment.md, "Single sign-on (SAML)".
"""
import copy
import os
import threading
import time

import saml2
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from saml2.config import SPConfig
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_TRANSIENT

REFEDS_MFA = "https://refeds.org/profile/mfa"

# Remote metadata is fetched once and kept this long (a file is read again when it changes).
_REMOTE_METADATA_SECONDS = 60 * 60
_lock = threading.Lock()
_cache: dict = {}


def sso_enabled() -> bool:
    return bool(getattr(settings, "IDHR_SAML_IDP_METADATA", ""))


def sp_base_url() -> str:
    return settings.SITE_URL.rstrip("/")


def sp_entity_id() -> str:
    return settings.IDHR_SAML_SP_ENTITY_ID or f"{sp_base_url()}/saml2/metadata/"


def _metadata_source() -> dict:
    source = settings.IDHR_SAML_IDP_METADATA
    if source.startswith(("https://", "http://")):
        remote = {"url": source}
        if settings.IDHR_SAML_IDP_METADATA_CERT:
            remote["cert"] = settings.IDHR_SAML_IDP_METADATA_CERT  # signed metadata (InCommon)
        return {"remote": [remote]}
    return {"local": [source]}


def saml_config_dict() -> dict:
    """The pysaml2 SP configuration (a dict), from the IDHR_SAML_* settings."""
    if not sso_enabled():
        raise ImproperlyConfigured("Single sign-on is not set up (IDHR_SAML_IDP_METADATA is empty).")
    if not (settings.IDHR_SAML_KEY_FILE and settings.IDHR_SAML_CERT_FILE):
        raise ImproperlyConfigured("IDHR_SAML_KEY_FILE and IDHR_SAML_CERT_FILE are required for single sign-on.")
    base = sp_base_url()
    encryption = []
    if settings.IDHR_SAML_ENCRYPTION_KEY_FILE:
        encryption = [
            {
                "key_file": settings.IDHR_SAML_ENCRYPTION_KEY_FILE,
                "cert_file": settings.IDHR_SAML_ENCRYPTION_CERT_FILE or settings.IDHR_SAML_CERT_FILE,
            }
        ]
    return {
        "xmlsec_binary": settings.IDHR_SAML_XMLSEC_BINARY,
        "entityid": sp_entity_id(),
        "allow_unknown_attributes": True,
        "service": {
            "sp": {
                "name": "IDHR Portal",
                "name_id_format": [NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_TRANSIENT],
                "endpoints": {
                    "assertion_consumer_service": [(f"{base}/saml2/acs/", saml2.BINDING_HTTP_POST)],
                    "single_logout_service": [
                        (f"{base}/saml2/ls/", saml2.BINDING_HTTP_REDIRECT),
                        (f"{base}/saml2/ls/post/", saml2.BINDING_HTTP_POST),
                    ],
                },
                "authn_requests_signed": True,
                "logout_requests_signed": True,
                "want_assertions_signed": settings.IDHR_SAML_WANT_ASSERTIONS_SIGNED,
                "want_response_signed": settings.IDHR_SAML_WANT_RESPONSE_SIGNED,
                "want_assertions_or_response_signed": True,
                # An unsolicited or replayed response is refused: only answers to our own requests.
                "allow_unsolicited": False,
                "signing_algorithm": saml2.xmldsig.SIG_RSA_SHA256,
                "digest_algorithm": saml2.xmldsig.DIGEST_SHA256,
                "force_authn": False,
                "name_id_format_allow_create": True,
            },
        },
        "metadata": _metadata_source(),
        "accepted_time_diff": settings.IDHR_SAML_CLOCK_SKEW_SECONDS,
        "key_file": settings.IDHR_SAML_KEY_FILE,
        "cert_file": settings.IDHR_SAML_CERT_FILE,
        "encryption_keypairs": encryption
        or [{"key_file": settings.IDHR_SAML_KEY_FILE, "cert_file": settings.IDHR_SAML_CERT_FILE}],
        "contact_person": [
            {"contact_type": "technical", "email_address": settings.IDHR_SAML_CONTACT_EMAIL},
        ]
        if settings.IDHR_SAML_CONTACT_EMAIL
        else [],
    }


def sp_config(request=None) -> SPConfig:
    """SAML_CONFIG_LOADER: the SPConfig, its metadata loaded once per settings (and hour, for a URL)."""
    conf_dict = saml_config_dict()
    source = settings.IDHR_SAML_IDP_METADATA
    stamp = int(time.time() // _REMOTE_METADATA_SECONDS) if "remote" in conf_dict["metadata"] else None
    if stamp is None:
        try:
            stamp = os.stat(source).st_mtime_ns
        except OSError as exc:
            raise ImproperlyConfigured(f"IDHR_SAML_IDP_METADATA: cannot read {source}") from exc
    key = (repr(sorted(conf_dict.items(), key=lambda kv: kv[0])), stamp)
    with _lock:
        conf = _cache.get(key)
        if conf is None:
            conf = SPConfig()
            conf.load(copy.deepcopy(conf_dict))
            _cache.clear()
            _cache[key] = conf
    return conf
