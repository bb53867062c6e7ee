"""The portal's URLs plus /bench/ping, the trivial view the load test compares against."""

from django.http import HttpResponse
from django.urls import path

from idhr_portal.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def ping(request):
    """No database, no Redis, no template: the floor of a Django request on this stack."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/ping", ping, name="bench_ping"), *urlpatterns]
