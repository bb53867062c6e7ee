from django.urls import path

from . import passkeys, views

app_name = "security"

urlpatterns = [
    path("two-factor/", views.two_factor, name="two_factor"),
    path("two-factor/set-up/", views.enrol, name="enrol"),
    path("two-factor/set-up/qr.svg", views.enrol_qr, name="enrol_qr"),
    path("two-factor/passkeys/", passkeys.passkeys, name="passkeys"),
    path("two-factor/passkeys/<int:pk>/remove/", passkeys.passkey_remove, name="passkey_remove"),
    path("sign-out/", views.sign_out, name="sign_out"),
]
