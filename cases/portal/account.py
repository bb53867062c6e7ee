"""A returning party's sign-in with email and password, their account page (set a
password, sign out everywhere). Rules in cases.services.portal_account."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from cases.services.portal_account import (
    PortalSignInLimited,
    portal_password_set,
    portal_password_sign_in,
    portal_sign_out_everywhere,
)
from idhr_portal.client_buckets import address_of

from ..models import PortalAccount
from .session import portal_end, portal_sign_in
from .views import _signed_in


class SignInForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email address"),
        help_text=gettext_lazy("The address the IDHR Office writes to you at."),
        max_length=254,
        error_messages={
            "required": gettext_lazy("Enter your email address."),
            "invalid": gettext_lazy("Enter an email address like name@example.org."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false", "class": "form-control"}),
    )
    password = forms.CharField(
        label=gettext_lazy("Password"),
        max_length=200,
        strip=False,
        error_messages={"required": gettext_lazy("Enter your password.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "class": "form-control"}),
    )


class PasswordForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("New password"),
        help_text=gettext_lazy("At least 12 characters; not a common password and not only numbers."),
        max_length=200,
        strip=False,
        error_messages={"required": gettext_lazy("Enter a password.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "class": "form-control"}),
    )
    confirm = forms.CharField(
        label=gettext_lazy("The same password again"),
        max_length=200,
        strip=False,
        error_messages={"required": gettext_lazy("Type the password a second time.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "class": "form-control"}),
    )


@never_cache
def sign_in(request):
    """Email and password (a party who set one); every failure reads the same."""
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = address_of(request, settings.REPORTS_CLIENT_ADDRESS_META)
        try:
            party = portal_password_sign_in(
                email=form.cleaned_data["email"], password=form.cleaned_data["password"], client=client
            )
        except PortalSignInLimited:
            form.add_error(None, _("Too many attempts. Please wait 15 minutes, or use the newest link we emailed you."))
        else:
            if party is not None:
                portal_sign_in(request, party)
                return redirect("portal:overview")
            form.add_error(
                None, _("That email address and password do not match an account. Check both and try again.")
            )
    return render(request, "portal/sign_in.html", {"form": form}, status=200)


@_signed_in
def account(request, party):
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            portal_password_set(
                party=party, password=form.cleaned_data["password"], confirm=form.cleaned_data["confirm"]
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    for text in errors:
                        form.add_error(field, text)
            else:
                for text in error.messages:
                    form.add_error("password", text)
        else:
            messages.success(request, _("Your password is set. Next time you can sign in with your email and it."))
            return redirect("portal:account")
    has_password = PortalAccount.objects.filter(party=party).exclude(password="").exists()
    return render(request, "portal/account.html", {"party": party, "form": form, "has_password": has_password})


@_signed_in
def sign_out_everywhere(request, party):
    if request.method != "POST":
        return redirect("portal:account")
    portal_sign_out_everywhere(party=party)
    portal_end(request)
    messages.success(request, _("You have been signed out of the portal on every device and browser."))
    return redirect("portal:home")
