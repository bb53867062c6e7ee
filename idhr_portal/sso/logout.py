"""The admin's "Log out" for an account signed in through the identity provider: single logout.

Signing out only here would leave the identity provider's session open, and the next
"Sign in with your university account" would pass straight through without a password.
So the admin's log out (a POST with its CSRF token) of a session opened by SAML sends a
signed LogoutRequest to the identity provider (djangosaml2's LogoutInitView, as
/saml2/logout/ does); the identity provider answers at /saml2/ls/, which ends the
session here too. Local (break-glass) accounts sign out as before.
"""
from django.http import HttpResponseRedirect
from django.shortcuts import render
from djangosaml2 import views as saml_views

from .config import sso_enabled
from .roles import SSO_MEMBERSHIP_KEY


def signed_in_through_sso(request) -> bool:
    saml_session = getattr(request, "saml_session", None)
    return (
        sso_enabled()
        and request.user.is_authenticated
        and SSO_MEMBERSHIP_KEY in request.session
        and saml_session is not None
        and saml_views._get_subject_id(saml_session) is not None  # the IdP's name for this session
    )


class SingleLogoutView(saml_views.LogoutInitView):
    """djangosaml2's logout initiator, answering the admin's POST.

    The browser refuses to follow a form's redirect to another origin (the CSP's
    `form-action 'self'`), so the way to the identity provider is a page of our own
    that goes on by itself (meta refresh, no script), as after sign-in (signed_in.html).
    """

    def post(self, request, *args, **kwargs):
        response = self.get(request, *args, **kwargs)
        if isinstance(response, HttpResponseRedirect):
            return render(request, "sso/signing_out.html", {"location": response["Location"]})
        return response


single_logout = SingleLogoutView.as_view()
