"""Reads for single sign-on: the break-glass accounts the coordinator keeps an eye on."""
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Count, Max, Prefetch, Q
from django_otp_webauthn.models import WebAuthnCredential


def break_glass_accounts():
    """Active staff accounts that sign in locally (a password and TOTP), with their last use.

    With single sign-on on, these are the only accounts that do not come from the directory.
    """
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)  # unusable password: an account from the directory
        .exclude(password="")
        .annotate(
            totp_devices=Count("totpdevice", filter=Q(totpdevice__confirmed=True)),
            totp_last_used=Max("totpdevice__last_used_at"),
        )
        .prefetch_related(  # their passkeys (issue 19), each with its last use
            Prefetch(
                "webauthncredential_set",
                queryset=WebAuthnCredential.objects.filter(confirmed=True).order_by("created_at", "pk"),
                to_attr="passkeys",
            )
        )
        .order_by("username")
        .only("username", "first_name", "last_name", "last_login", "is_superuser")
    )
