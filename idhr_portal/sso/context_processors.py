def sso(request):
    """`sso_enabled` for the sign-in pages (the "Sign in with your university account" button)."""
    from .config import sso_enabled

    return {"sso_enabled": sso_enabled()}
