"""CSRF protection that works with `Referrer-Policy: no-referrer`.

Under `no-referrer`, browsers send `Origin: null` with a form POST even to the
page's own origin (Fetch standard, "serializing a request origin"), and Django's
CsrfViewMiddleware rejects a null Origin. Such a request is accepted as
same-origin only when the browser itself says so with `Sec-Fetch-Site:
same-origin` — a forbidden header that no page can set or forge. Everything else
(the CSRF token check, every other Origin) is Django's own behaviour, unchanged.
"""
from django.middleware.csrf import CsrfViewMiddleware


class NoReferrerCsrfViewMiddleware(CsrfViewMiddleware):
    def _origin_verified(self, request):
        if (
            request.META.get("HTTP_ORIGIN") == "null"
            and request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin"
        ):
            return True
        return super()._origin_verified(request)
