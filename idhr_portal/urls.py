from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("account/", include("idhr_portal.security.urls")),
    path("", include("reports.urls")),
    path("", include("resources.urls")),
]

handler400 = "idhr_portal.errors.bad_request"
handler403 = "idhr_portal.errors.permission_denied"
handler404 = "idhr_portal.errors.page_not_found"
handler500 = "idhr_portal.errors.server_error"
