"""Receipt codes: how one is made, hashed, and checked (with attempt limits).

Only the keyed hash of a code is stored. The client's address is used for one thing:
the per-client attempt bucket, an HMAC under a key held in this process's memory only
(idhr_portal.client_buckets); it is never stored, logged or passed on.
"""

import hashlib
import hmac
import logging
import re
import secrets
import time
import unicodedata

from django.conf import settings
from django.core.cache import cache

from idhr_portal.client_buckets import ClientBuckets

from ..models import Report

logger = logging.getLogger(__name__)

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECEIPT_CODE_LENGTH = 25  # 25 x 5 bits = 125 random bits
RECEIPT_CODE_GROUP = 5


class FollowUpRateLimited(Exception):
    """Too many receipt-code attempts right now."""


class FollowUpUnavailable(FollowUpRateLimited):
    """The attempt counters (the cache) cannot be reached: no code is checked unlimited."""


def receipt_code_new() -> str:
    """A fresh receipt code: 125 random bits as five groups of Crockford base32."""
    raw = "".join(secrets.choice(CROCKFORD) for _ in range(RECEIPT_CODE_LENGTH))
    return "-".join(
        raw[i : i + RECEIPT_CODE_GROUP] for i in range(0, RECEIPT_CODE_LENGTH, RECEIPT_CODE_GROUP)
    )


def receipt_code_normalise(code: str) -> str:
    """Upper case, no separators, and the letters people confuse mapped as Crockford says.

    Any dash counts as a separator: a code kept in a notes app, a word processor or a
    PDF often comes back with an en dash, an em dash or a hyphen of another kind; NFKC
    folds full-width letters and digits (typed with an East Asian keyboard) to plain ones.
    """
    text = unicodedata.normalize("NFKC", (code or "")[:200])
    text = "".join(c for c in text if unicodedata.category(c) != "Pd" and c != "\N{MINUS SIGN}")
    text = re.sub(r"[\s_.]", "", text).upper()
    return text.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def receipt_code_hash(code: str) -> str:
    return hmac.new(
        settings.RECEIPT_CODE_PEPPER.encode(), receipt_code_normalise(code).encode(), hashlib.sha256
    ).hexdigest()


_client_buckets: ClientBuckets | None = None


def follow_up_client_buckets() -> ClientBuckets:
    """This process's per-client buckets (made on first use, from the settings)."""
    global _client_buckets
    if _client_buckets is None:
        _client_buckets = ClientBuckets(
            limit=settings.REPORTS_FOLLOW_UP_ATTEMPTS_PER_CLIENT,
            window_seconds=settings.REPORTS_FOLLOW_UP_CLIENT_WINDOW_SECONDS,
        )
    return _client_buckets


def _follow_up_rate_check(code_hash: str, client: str) -> None:
    """Per client first (in memory, no address kept), then cache counters: one for the whole
    site per minute, one per code per hour. A client over its limit is refused before it
    is counted against the site, so no one client can shut the others out."""
    if not follow_up_client_buckets().hit(client):
        raise FollowUpRateLimited
    minute_key = f"reports:follow-up:minute:{int(time.time() // 60)}"
    code_key = f"reports:follow-up:code:{code_hash}"
    try:
        cache.add(minute_key, 0, timeout=120)
        cache.add(code_key, 0, timeout=3600)
        try:
            site_attempts = cache.incr(minute_key)
            code_attempts = cache.incr(code_key)
        except ValueError:  # the key expired between add and incr: count this one as the first
            site_attempts = code_attempts = 1
    except Exception as exc:  # the cache (Redis) is down: refuse rather than check without a limit
        logger.warning("follow-up attempt counters unavailable (%s)", type(exc).__name__)
        raise FollowUpUnavailable from exc
    if (
        site_attempts > settings.REPORTS_FOLLOW_UP_ATTEMPTS_PER_MINUTE
        or code_attempts > settings.REPORTS_FOLLOW_UP_ATTEMPTS_PER_CODE_PER_HOUR
    ):
        raise FollowUpRateLimited


def receipt_code_verify(*, code: str, client: str) -> Report | None:
    """The report a receipt code opens, or None.

    A wrong, malformed or unknown code costs the same work as a right one: one
    HMAC and one indexed lookup; the caller answers every failure the same way.
    `client` is the client's address, for its attempt bucket only. Raises
    FollowUpRateLimited when there have been too many attempts (from this client, for
    this code, or on the whole site), and FollowUpUnavailable (a FollowUpRateLimited)
    when they cannot be counted.
    """
    code_hash = receipt_code_hash(code)
    _follow_up_rate_check(code_hash, client)
    return Report.objects.filter(receipt_code_hash=code_hash).first()
