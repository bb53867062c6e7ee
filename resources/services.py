"""Writes for the resources app: keeping the cached public pages honest."""
import uuid

from django.core.cache import cache

# The cached directory and options pages carry this token in their keys; a new
# token makes every cached copy unreachable at once (works on Redis and LocMem).
PUBLIC_PAGES_VERSION_KEY = "resources:public-pages-version"
PUBLIC_PAGES_TIMEOUT = 60 * 60  # seconds a cached page lives if nobody edits anything


def public_pages_version() -> str:
    version = cache.get(PUBLIC_PAGES_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        # add() so two first requests at once agree on one token.
        cache.add(PUBLIC_PAGES_VERSION_KEY, version, timeout=None)
        version = cache.get(PUBLIC_PAGES_VERSION_KEY, version)
    return version


def public_pages_invalidate() -> None:
    """Forget every cached directory and options page (staff changed what they show)."""
    cache.set(PUBLIC_PAGES_VERSION_KEY, uuid.uuid4().hex, timeout=None)
