"""The security headers Django and django-csp have no setting for.

Django's SecurityMiddleware sends X-Content-Type-Options, Referrer-Policy,
Cross-Origin-Opener-Policy and (in production) HSTS; XFrameOptionsMiddleware sends
X-Frame-Options; django-csp's CSPMiddleware sends Content-Security-Policy (all
configured in settings/base.py). This middleware adds the rest:

- `Permissions-Policy`: every powerful browser feature off (the portal needs none);
- `Cross-Origin-Resource-Policy: same-origin`;
- `Cache-Control: no-store` on the pages that show or take a report, a follow-up or
  case data, whatever the view itself says.

It sits before WhiteNoise in MIDDLEWARE, so static files, redirects, views and the
404/500/503 handlers all pass through it.
"""
from django.utils.cache import add_never_cache_headers

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

# The second-factor pages of break-glass accounts use passkeys (WebAuthn), from this origin only.
PASSKEY_PREFIX = "/account/two-factor/"
PASSKEY_PERMISSIONS_POLICY = PERMISSIONS_POLICY.replace(
    "publickey-credentials-get=()", "publickey-credentials-get=(self)"
)

NO_STORE_PREFIXES = ("/report/", "/complaint/", "/referral/", "/follow-up/", "/admin/", "/account/")
NO_STORE_PREFIXES += ("/portal/",)  # the party portal (issue 15), its 404 pages too
NO_STORE_PREFIXES += ("/saml2/",)  # single sign-on: sign-in, refusals, metadata (issue 19)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response["Permissions-Policy"] = PERMISSIONS_POLICY
        if request.path_info.startswith(PASSKEY_PREFIX):
            response["Permissions-Policy"] = PASSKEY_PERMISSIONS_POLICY
        response["Cross-Origin-Resource-Policy"] = "same-origin"
        if request.path_info.startswith(NO_STORE_PREFIXES):
            if "Cache-Control" in response:
                del response["Cache-Control"]
            add_never_cache_headers(response)
        return response
