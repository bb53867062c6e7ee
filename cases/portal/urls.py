from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("code/", views.code, name="code"),
    path("letters/<int:letter_id>/", views.letter, name="letter"),
    path("letters/<int:letter_id>/pdf/", views.letter_pdf, name="letter_pdf"),
    path("sign-out/", views.sign_out, name="sign_out"),
]

# Sign-in with a password, the account page, the case overview, messages (portal15b).
from . import account, messages  # noqa: E402

urlpatterns += [
    path("sign-in/", account.sign_in, name="sign_in"),
    path("account/", account.account, name="account"),
    path("sign-out-everywhere/", account.sign_out_everywhere, name="sign_out_everywhere"),
    path("case/", messages.overview, name="overview"),
    path("messages/", messages.thread, name="messages"),
]
