"""A single sign-on session lives only as long as the membership it was opened with.

Placed after django-otp's OTPMiddleware and before the staff session middleware:
- the groups of the account are compared with the hash the session was opened with;
  when they differ (the directory removed a role at a later sign-in, or someone edited
  the account) the session ends at this request;
- the identity provider did the sign-in (with multi-factor for staff roles, checked at
  the assertion consumer), so the local TOTP step does not apply to the session.
Anonymous visitors without a session cookie are not touched.
"""
from idhr_portal.security.middleware import _anonymous

from .roles import SSO_MEMBERSHIP_KEY, user_membership_hash


class SsoSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and SSO_MEMBERSHIP_KEY in request.session:
            if request.session[SSO_MEMBERSHIP_KEY] != user_membership_hash(request.user):
                request.session.flush()
                request.user = _anonymous()
            else:
                request.user.is_verified = lambda: True
        return self.get_response(request)
