"""Per-request rules for signed-in accounts (idle timeout, sign-out everywhere, 2FA).

Runs after AuthenticationMiddleware and django-otp's OTPMiddleware. Anonymous
visitors without a session cookie cost nothing here: `request.user` is only
loaded when the browser sent a session.
"""
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

from .services import session_generation_current
from .signals import GENERATION_SESSION_KEY, LAST_SEEN_SESSION_KEY

# Views an account that has not passed its second factor may still reach.
UNVERIFIED_ALLOWED = {
    "security:two_factor",
    "security:enrol",
    "security:enrol_qr",
    "security:sign_out",
    "admin:logout",
    "healthz",
    # A passkey as the second factor (break-glass accounts): the ceremony before verification.
    "otp_webauthn:credential-authentication-begin",
    "otp_webauthn:credential-authentication-complete",
    "otp_webauthn:js-i18n-catalog",
}


def _anonymous():
    user = AnonymousUser()
    user.otp_device = None
    user.is_verified = lambda: False
    return user


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            if not self._session_still_valid(request):
                # This session only: the account's other sessions are not affected.
                request.session.flush()
                request.user = _anonymous()
            elif settings.IDHR_REQUIRE_2FA and not request.user.is_verified():
                if not self._allowed_before_second_factor(request):
                    return self._to_second_factor(request)
        return self.get_response(request)

    @staticmethod
    def _session_still_valid(request) -> bool:
        session = request.session
        if session.get(GENERATION_SESSION_KEY) != session_generation_current(user_id=request.user.pk):
            return False  # the account signed out somewhere: this session ended too
        now = int(time.time())
        last_seen = session.get(LAST_SEEN_SESSION_KEY)
        idle_limit = settings.STAFF_SESSION_IDLE_SECONDS
        if last_seen is None or now - last_seen > idle_limit:
            return False
        # Write the session at most every ~minute, not on every request.
        if now - last_seen >= min(60, max(1, idle_limit // 10)):
            session[LAST_SEEN_SESSION_KEY] = now
        return True

    @staticmethod
    def _allowed_before_second_factor(request) -> bool:
        if request.path_info.startswith(settings.STATIC_URL):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name in UNVERIFIED_ALLOWED

    @staticmethod
    def _to_second_factor(request):
        target = reverse("security:two_factor")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(target)
