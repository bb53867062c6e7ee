from django.conf import settings


def site(request):
    """Values every page template needs (header emergency line, quick exit)."""
    return {"QUICK_EXIT_URL": settings.QUICK_EXIT_URL}
