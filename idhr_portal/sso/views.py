"""djangosaml2's views with the portal's rules: MFA asked for and checked, roles, clear refusals.

- Sign-in (/saml2/login/) asks the identity provider for the REFEDS MFA context, except
  for the referral form (responsible employees only need the university account).
- The assertion consumer (/saml2/acs/) refuses, each with its own page: no mapped
  role, a staff role without the MFA context, a bad signature, an expired assertion,
  a replayed or unsolicited one, one for another audience.
- Every view shows a plain "not set up" page while single sign-on is not configured.
"""
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from djangosaml2 import views as saml_views
from saml2.response import StatusNoAuthnContext, UnsolicitedResponse
from saml2.saml import AuthnContextClassRef
from saml2.samlp import RequestedAuthnContext
from saml2.sigver import SignatureError
from saml2.validate import ResponseLifetimeExceed

from idhr_portal.security.services import session_generation_bump
from idhr_portal.security.signals import GENERATION_SESSION_KEY

from .backends import attribute_mapping
from .config import REFEDS_MFA, sso_enabled
from .roles import (
    SSO_MEMBERSHIP_KEY,
    SSO_MFA_KEY,
    needs_mfa,
    roles_from_attributes,
    user_membership_hash,
    user_roles_apply,
)

# Why a sign-in was refused: (title, explanation) shown on the refusal page.
REFUSALS = {
    "no_access": (
        _("You do not have access to the IDHR Portal"),
        _(
            "You signed in with your university account, but the directory does not list you in "
            "any group that uses the IDHR Portal. If you think you should have access, ask the "
            "Title IX coordinator. You can still submit an incident report without signing in."
        ),
    ),
    "no_mfa": (
        _("Multi-factor sign-in is required"),
        _(
            "Staff must sign in to the IDHR Portal with multi-factor authentication, and the "
            "university's sign-in did not confirm it. Sign in again and complete the second step "
            "(for example Duo) when you are asked."
        ),
    ),
    "signature": (
        _("The sign-in could not be verified"),
        _("The answer from the university's sign-in service was not signed correctly, so it was not accepted."),
    ),
    "expired": (
        _("The sign-in has expired"),
        _("The answer from the university's sign-in service is too old. Please sign in again."),
    ),
    "replayed": (
        _("This sign-in was already used"),
        _(
            "The answer from the university's sign-in service was already used, or the portal did "
            "not ask for it. Please start again from the sign-in page."
        ),
    ),
    "audience": (
        _("The sign-in was meant for another service"),
        _("The university's sign-in service answered for a different site, so it was not accepted."),
    ),
    "failed": (
        _("The sign-in did not work"),
        _("The university's sign-in service did not sign you in. Please try again."),
    ),
}


def refusal_page(request, reason: str, status: int = 403):
    title, text = REFUSALS[reason]
    return render(request, "sso/refused.html", {"title": title, "text": text, "reason": reason}, status=status)


def sso_required(view):
    """While single sign-on is not configured, every SAML view shows the "not set up" page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not sso_enabled():
            return render(request, "sso/disabled.html", status=404)
        return view(request, *args, **kwargs)

    return wrapper


class _Refused(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def _reason_for(exception) -> str:
    if isinstance(exception, _Refused):
        return exception.reason
    if isinstance(exception, PermissionDenied):
        return "no_access"
    if isinstance(exception, StatusNoAuthnContext):
        return "no_mfa"
    if isinstance(exception, SignatureError):
        return "signature"
    if isinstance(exception, ResponseLifetimeExceed):
        return "expired"
    if isinstance(exception, UnsolicitedResponse):
        return "replayed"
    if "AudienceRestrictions" in str(exception):
        return "audience"
    return "failed"


class LoginView(saml_views.LoginView):
    def load_sso_kwargs(self, sso_kwargs):
        referral = (self.request.GET.get("next") or "").startswith(reverse("reports:referral"))
        if settings.IDHR_SAML_REQUIRE_MFA and not referral:
            sso_kwargs["requested_authn_context"] = RequestedAuthnContext(
                authn_context_class_ref=[AuthnContextClassRef(REFEDS_MFA)], comparison="exact"
            )


class AssertionConsumerServiceView(saml_views.AssertionConsumerServiceView):
    refusal = None

    def post(self, request, *args, **kwargs):
        return super().post(request, attribute_mapping=attribute_mapping())

    def custom_validation(self, response):
        groups = roles_from_attributes(response.ava)
        if not groups:
            self._revoke(response.ava)
            self.refusal = "no_access"
        elif needs_mfa(groups) and REFEDS_MFA not in self._context_refs(response):
            self.refusal = "no_mfa"
        if self.refusal:
            raise _Refused(self.refusal)

    @staticmethod
    def _context_refs(response) -> list[str]:
        return [ref for ref, *_rest in response.authn_info()]

    @staticmethod
    def _revoke(attributes):
        """Someone the directory no longer lists: their account loses every role now."""
        usernames = attributes.get(settings.IDHR_SAML_USERNAME_ATTRIBUTE) or []
        if not usernames:
            return
        user = get_user_model().objects.filter(username=usernames[0].strip().lower()).first()
        if user is not None and not user.has_usable_password():
            if user_roles_apply(user=user, groups=frozenset()):
                session_generation_bump(user_id=user.pk)

    def handle_acs_failure(self, request, exception=None, status=403, **kwargs):
        return refusal_page(request, self.refusal or _reason_for(exception))

    def post_login_hook(self, request, user, session_info):
        if getattr(user, "_idhr_sso_membership_changed", False):
            # Sessions opened under the old membership end at their next request.
            request.session[GENERATION_SESSION_KEY] = session_generation_bump(user_id=user.pk)
        request.session[SSO_MEMBERSHIP_KEY] = user_membership_hash(user)
        request.session[SSO_MFA_KEY] = REFEDS_MFA in [ref for ref, *_r in session_info.get("authn_info", [])]

    def custom_redirect(self, user, relay_state, session_info):
        # A page of our own between the identity provider's POST and the destination, so
        # the SameSite=Strict session cookie is sent (the redirect chain started on the IdP).
        target = relay_state
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={self.request.get_host()}):
            target = reverse("admin:index")
        if target.startswith(reverse("admin:index")) and not user.is_staff:
            target = reverse("reports:referral")  # a responsible employee: the referral form
        return reverse("sso_signed_in") + "?" + urlencode({"next": target})


@never_cache
def signed_in(request):
    target = request.GET.get("next") or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("admin:index")
    return render(request, "sso/signed_in.html", {"next": target})
