"""This test run's keys in the real Redis cache (settings/test.py gives each run a prefix).

Django's `cache.clear()` on Redis empties the whole Redis database (FLUSHDB), the
keys of `make run` and of any other test run included: tests use these instead.
"""
from django.conf import settings
from django.core.cache import caches


def _run_keys(alias: str):
    cache = caches[alias]
    client = cache._cache.get_client(None, write=True)
    return client, list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))


def run_cache_clear(*aliases: str) -> None:
    """Delete this run's keys from the given caches (all of them by default)."""
    for alias in aliases or tuple(settings.CACHES):
        client, keys = _run_keys(alias)
        if keys:
            client.delete(*keys)


def run_cache_dump(alias: str) -> dict[str, bytes]:
    """Every key of this run in one cache, with its raw stored value (what Redis holds)."""
    client, keys = _run_keys(alias)
    return {key.decode(): client.get(key) for key in keys}
