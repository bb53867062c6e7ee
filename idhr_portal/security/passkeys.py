"""Passkeys (django-otp-webauthn) for break-glass accounts, the second factor beside TOTP.

Only a local account (one with a usable password: an account from the directory has
none and signs in with the identity provider's multi-factor) may register a passkey,
and only once it has passed its second factor in this session (password + TOTP code),
so a stolen password alone can never enrol an attacker's authenticator. Passkeys are
never a way in without the password (OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN is off).
"""
import json

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp_webauthn import exceptions
from django_otp_webauthn import views as webauthn
from django_otp_webauthn.models import WebAuthnCredential


class NotBreakGlass(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_detail = _("Only break-glass (local) accounts use passkeys here; sign in with your university account.")
    default_code = "not_break_glass"


class NotVerifiedHere(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_detail = _("Sign in with your password and a code from your authenticator app before adding a passkey.")
    default_code = "user_not_verified"


def may_use_passkeys(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff and user.has_usable_password()


class _BreakGlassOnly:
    def check_can_register(self):
        user = self.request.user
        if not may_use_passkeys(user):
            raise NotBreakGlass()
        if not user.is_verified():
            raise NotVerifiedHere()


class StartPasskeyRegistration(_BreakGlassOnly, webauthn.BeginCredentialRegistrationView):
    pass


class CompletePasskeyRegistration(_BreakGlassOnly, webauthn.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        # The library leaves the name empty: number it, so the account and the coordinator can tell them apart.
        number = WebAuthnCredential.objects.filter(user=self.request.user).count()
        WebAuthnCredential.objects.filter(pk=json.loads(response.content)["id"], name="").update(
            name=gettext("Passkey %(number)s") % {"number": number}
        )
        return response


def user_passkeys(user):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at", "pk")


@never_cache
@login_required
def passkeys(request):
    """The signed-in break-glass account's passkeys: add one, remove one."""
    if not may_use_passkeys(request.user):
        return render(request, "security/passkeys.html", {"allowed": False}, status=403)
    return render(request, "security/passkeys.html", {"allowed": True, "passkeys": user_passkeys(request.user)})


@require_POST
@login_required
def passkey_remove(request, pk):
    if not (may_use_passkeys(request.user) and request.user.is_verified()):
        return HttpResponseRedirect(reverse("security:two_factor"))
    get_object_or_404(WebAuthnCredential, pk=pk, user=request.user).delete()
    return HttpResponseRedirect(reverse("security:passkeys"))


class CompletePasskeySignIn(webauthn.CompleteCredentialAuthenticationView):
    """The library's second-factor check, then a new session key, as after a TOTP code."""

    def complete_auth(self, device):
        super().complete_auth(device)
        self.request.session.cycle_key()
