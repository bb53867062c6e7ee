"""Passkey (WebAuthn) endpoints: django-otp-webauthn's, registration limited to break-glass accounts.

The namespace is the library's ("otp_webauthn"): its template tags reverse these names.
"""
from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import views as webauthn

from .passkeys import CompletePasskeyRegistration, CompletePasskeySignIn, StartPasskeyRegistration

app_name = "otp_webauthn"

urlpatterns = [
    path("registration/begin/", StartPasskeyRegistration.as_view(), name="credential-registration-begin"),
    path("registration/complete/", CompletePasskeyRegistration.as_view(), name="credential-registration-complete"),
    path(
        "authentication/begin/",
        webauthn.BeginCredentialAuthenticationView.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        CompletePasskeySignIn.as_view(),
        name="credential-authentication-complete",
    ),
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="js-i18n-catalog",
    ),
]
