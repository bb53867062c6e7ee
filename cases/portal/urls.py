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
