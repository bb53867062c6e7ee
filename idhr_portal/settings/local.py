"""Development settings: `make run`."""
from .base import *  # noqa: F401,F403
from .base import STORAGES, env

# Production-like by default: the real 400/403/404/500 pages, static files from
# WhiteNoise. A developer who wants Django's debug pages sets DJANGO_DEBUG=true.
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Serve static files straight from static/ without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
