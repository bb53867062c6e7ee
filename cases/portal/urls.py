from django.urls import path

from . import appeals, evidence, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("code/", views.code, name="code"),
    path("letters/<int:letter_id>/", views.letter, name="letter"),
    path("letters/<int:letter_id>/pdf/", views.letter_pdf, name="letter_pdf"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("evidence/", evidence.evidence_list, name="evidence"),
    path("evidence/<int:review_id>/", evidence.evidence_review, name="evidence_review"),
    path("documents/<int:document_id>/pdf/", evidence.document_download, name="document_download"),
    path("appeals/", appeals.appeal_list, name="appeals"),
    path("appeals/new/", appeals.appeal_new, name="appeal_new"),
    path("appeals/<int:appeal_id>/", appeals.appeal_detail, name="appeal"),
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
