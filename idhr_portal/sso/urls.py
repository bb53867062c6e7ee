"""/saml2/: djangosaml2's endpoints (names as djangosaml2 reverses them), the portal's views.

Mounted always, so the URLs are stable; while single sign-on is not configured each
answers with the "not set up" page (views.sso_required).
"""
from django.urls import path
from djangosaml2 import views as saml_views

from . import views

urlpatterns = [
    path("login/", views.sso_required(views.LoginView.as_view()), name="saml2_login"),
    path("acs/", views.sso_required(views.AssertionConsumerServiceView.as_view()), name="saml2_acs"),
    path("logout/", views.sso_required(saml_views.LogoutInitView.as_view()), name="saml2_logout"),
    path("ls/", views.sso_required(saml_views.LogoutView.as_view()), name="saml2_ls"),
    path("ls/post/", views.sso_required(saml_views.LogoutView.as_view()), name="saml2_ls_post"),
    path("metadata/", views.sso_required(saml_views.MetadataView.as_view()), name="saml2_metadata"),
    path("signed-in/", views.sso_required(views.signed_in), name="sso_signed_in"),
]
