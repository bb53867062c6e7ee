"""Project-wide middleware: security headers on every response.

`SecurityHeadersMiddleware` is the first entry of MIDDLEWARE, so it wraps every
other layer: responses made by WhiteNoise, by CommonMiddleware (redirects), by a
view, by the 404/500/503 handlers and by the admin all pass through it.
"""
from django.utils.cache import add_never_cache_headers

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "object-src 'none'",
    ]
)

# Every powerful browser feature off; the portal needs none of them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # No referrer anywhere. Form POSTs then carry `Origin: null`, which
    # idhr_portal.csrf accepts only with the browser's `Sec-Fetch-Site: same-origin`.
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}

# Pages that show or take a report, a follow-up or case data: never stored by the
# browser or any proxy, whatever the view itself says.
NO_STORE_PREFIXES = ("/report/", "/complaint/", "/referral/", "/follow-up/", "/admin/", "/account/")


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in SECURITY_HEADERS.items():
            response[name] = value
        if request.path_info.startswith(NO_STORE_PREFIXES):
            if "Cache-Control" in response:
                del response["Cache-Control"]
            add_never_cache_headers(response)
        return response
