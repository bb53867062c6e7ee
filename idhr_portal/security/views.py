"""Second-factor set-up (enrolment) and verification for signed-in accounts.

After the password step (the admin's login page, protected by django-axes) an
account must pass here before anything else is served when IDHR_REQUIRE_2FA is on
(see middleware.py). An account without a confirmed device sets one up once;
after that it can never add another device through this flow, so a stolen password
alone is not enough to enrol an attacker's phone.
"""
import io
import math
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import TokenForm
from .passkeys import may_use_passkeys, user_passkeys


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index") if request.user.is_staff else "/"


def _throttle_message(device) -> str | None:
    allowed, details = device.verify_is_allowed()
    if allowed:
        return None
    until = (details or {}).get("locked_until")
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds())) if until else 1
    return _("Too many wrong codes. Wait %(seconds)s seconds, then enter the newest code.") % {
        "seconds": seconds
    }


def _check_code(request, form, device):
    """The verified device, or None with the reason added to the form."""
    if not form.is_valid():
        return None
    message = _throttle_message(device)
    if message is None:
        # django_otp.verify_token locks the device row; TOTPDevice.verify_token then
        # refuses a code whose time step was already used (last_t) and counts failures.
        verified = verify_token(request.user, device.persistent_id, form.cleaned_data["token"])
        if verified is not None:
            return verified
        device.refresh_from_db()
        message = _("That code is not right, or it was already used. Enter the newest code your app shows.")
        wait = _throttle_message(device)
        if wait is not None:
            message = f"{message} {wait}"
    form.add_error("token", message)
    return None


def _complete_sign_in(request, device):
    otp_login(request, device)
    # A new session key once the second factor is in, as after the password step.
    request.session.cycle_key()
    return HttpResponseRedirect(_next_url(request))


@never_cache
@login_required
def two_factor(request):
    """Ask for the current code of the account's authenticator app."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).order_by("pk").first()
    # A break-glass account may also use a passkey (passkeys.py).
    has_passkey = may_use_passkeys(request.user) and user_passkeys(request.user).exists()
    if device is None and not has_passkey:
        return HttpResponseRedirect(f"{reverse('security:enrol')}?{request.GET.urlencode()}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and device is None:
        form.is_valid()
        form.add_error(None, _("This account has no authenticator app: use your passkey."))
    elif request.method == "POST":
        verified = _check_code(request, form, device)
        if verified is not None:
            return _complete_sign_in(request, verified)
    return render(
        request,
        "security/two_factor.html",
        {"form": form, "next": _next_url(request), "has_passkey": has_passkey, "has_totp": device is not None},
        status=400 if form.errors else 200,
    )


def _pending_device(user, *, create: bool):
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return None
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None and create:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    return device


def _grouped_secret(device) -> str:
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@login_required
def enrol(request):
    """Set up an authenticator app: show the key (QR code and text), confirm one code."""
    device = _pending_device(request.user, create=True)
    if device is None:  # already has a device: never add another one here
        return HttpResponseRedirect(f"{reverse('security:two_factor')}?{request.GET.urlencode()}")
    form = TokenForm(request.POST or None)
    if request.method == "POST":
        verified = _check_code(request, form, device)
        if verified is not None:
            verified.confirmed = True
            verified.save(update_fields=["confirmed"])
            return _complete_sign_in(request, verified)
    return render(
        request,
        "security/enrol.html",
        {"form": form, "next": _next_url(request), "secret": _grouped_secret(device)},
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
def enrol_qr(request):
    """The set-up QR code as SVG, drawn here (no other host ever sees the key)."""
    device = _pending_device(request.user, create=False)
    if device is None:
        raise Http404
    out = io.BytesIO()
    qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=20).save(out)
    return HttpResponse(out.getvalue(), content_type="image/svg+xml")


@require_POST
def sign_out(request):
    """Sign out (ends every session of the account, see signals.py)."""
    logout(request)
    return HttpResponseRedirect(reverse("admin:login"))
