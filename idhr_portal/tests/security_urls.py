"""Test-only URLconf: the project's URLs plus views that fail on purpose."""
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import connections
from django.db.utils import load_backend
from django.urls import path

from idhr_portal.urls import handler400, handler403, handler404, handler500  # noqa: F401
from idhr_portal.urls import urlpatterns as project_urlpatterns


def boom(request):
    raise RuntimeError("SECRET_DETAIL_IN_EXCEPTION")


def forbidden(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("bad input")


def unreachable_database(request):
    """Really connect to PostgreSQL on a port where nothing listens."""
    params = {**connections["default"].settings_dict, "PORT": "9"}
    params["OPTIONS"] = {**params.get("OPTIONS", {}), "connect_timeout": 1}
    wrapper = load_backend(params["ENGINE"]).DatabaseWrapper(params, alias="unreachable")
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        wrapper.close()


urlpatterns = [
    path("test-errors/500/", boom),
    path("test-errors/403/", forbidden),
    path("test-errors/400/", suspicious),
    path("test-errors/db-down/", unreachable_database),
    *project_urlpatterns,
]
