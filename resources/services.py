"""Writes for the resources app: keeping the cached public pages honest."""
import logging
import uuid

from django.core.cache import cache

logger = logging.getLogger(__name__)

# The cached directory and options pages carry this token in their keys; a new
# token makes every cached copy unreachable at once (works on Redis and LocMem).
PUBLIC_PAGES_VERSION_KEY = "resources:public-pages-version"
PUBLIC_PAGES_TIMEOUT = 60 * 60  # seconds a cached page lives if nobody edits anything


def public_pages_version() -> str:
    version = cache.get(PUBLIC_PAGES_VERSION_KEY)
    if version is None:
        # add() so two first requests at once agree on one token.
        cache.add(PUBLIC_PAGES_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(PUBLIC_PAGES_VERSION_KEY)
    return version


def public_pages_invalidate() -> None:
    """Forget every cached directory and options page (staff changed what they show).

    A cache outage must not stop staff from saving: it is logged, and cached pages
    expire on their own after PUBLIC_PAGES_TIMEOUT.
    """
    try:
        cache.set(PUBLIC_PAGES_VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # the cache backend's own connection errors differ per backend
        logger.warning("Could not invalidate the cached help pages: the cache is unreachable.")
