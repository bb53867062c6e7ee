from django.contrib.auth.views import LogoutView
from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("report/", views.IncidentReportView.as_view(), name="report"),
    path("report/receipt/", views.receipt, {"kind": "incident"}, name="report_receipt"),
    path(
        "report/receipt/download/", views.receipt_download, {"kind": "incident"}, name="report_receipt_download"
    ),
    path("report/clear/", views.IncidentReportView.as_view(mode="clear"), name="report_clear"),
    path("report/keep/", views.IncidentReportView.as_view(mode="keep"), name="report_keep"),
    path("report/<slug:step_slug>/", views.IncidentReportView.as_view(), name="report_step"),
    path("complaint/", views.FormalComplaintView.as_view(), name="complaint"),
    path("complaint/receipt/", views.receipt, {"kind": "complaint"}, name="complaint_receipt"),
    path(
        "complaint/receipt/download/", views.receipt_download, {"kind": "complaint"}, name="complaint_receipt_download"
    ),
    path("complaint/clear/", views.FormalComplaintView.as_view(mode="clear"), name="complaint_clear"),
    path("complaint/keep/", views.FormalComplaintView.as_view(mode="keep"), name="complaint_keep"),
    path("complaint/<slug:step_slug>/", views.FormalComplaintView.as_view(), name="complaint_step"),
    path("referral/sign-in/", views.ReferralSignInView.as_view(), name="referral_sign_in"),
    path(
        "referral/sign-out/",
        # next_page is this page itself: it renders "You are signed out" (LOGOUT_REDIRECT_URL is the
        # admin's, for single sign-on), never the staff sign-in page.
        LogoutView.as_view(template_name="reports/referral_signed_out.html", next_page="reports:referral_sign_out"),
        name="referral_sign_out",
    ),
    path("referral/", views.ReferralView.as_view(), name="referral"),
    path("referral/receipt/", views.receipt, {"kind": "referral"}, name="referral_receipt"),
    path(
        "referral/receipt/download/", views.receipt_download, {"kind": "referral"}, name="referral_receipt_download"
    ),
    path("referral/clear/", views.ReferralView.as_view(mode="clear"), name="referral_clear"),
    path("referral/keep/", views.ReferralView.as_view(mode="keep"), name="referral_keep"),
    path("referral/<slug:step_slug>/", views.ReferralView.as_view(), name="referral_step"),
    path("follow-up/", views.follow_up, name="follow_up"),
    path("follow-up/message/", views.follow_up_message, name="follow_up_message"),
    path("follow-up/sign-out/", views.follow_up_sign_out, name="follow_up_sign_out"),
]
