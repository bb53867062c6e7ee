from django.contrib import admin
from django.urls import include, path

from cases.feeds import calendar_feed

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("account/", include("idhr_portal.security.urls")),
    path("account/webauthn/", include("idhr_portal.security.webauthn_urls")),  # passkeys (issue 19)
    # SAML single sign-on (issue 19): stable URLs, a "not set up" page while it is off.
    path("saml2/", include("idhr_portal.sso.urls")),
    # A staff member's private deadline feed: the secret token is the key (cases/feeds.py).
    path("calendar/<str:token>.ics", calendar_feed, name="staff_calendar_feed"),
    # The party portal (issue 15): named parties read their letters, signed in by invitation.
    path("portal/", include("cases.portal.urls")),
    path("", include("reports.urls")),
    path("", include("resources.urls")),
]

handler400 = "idhr_portal.errors.bad_request"
handler403 = "idhr_portal.errors.permission_denied"
handler404 = "idhr_portal.errors.page_not_found"
handler500 = "idhr_portal.errors.server_error"
