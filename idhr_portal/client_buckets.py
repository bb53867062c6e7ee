"""Per-client attempt buckets that keep no address, in memory only.

Used by the receipt-code follow-up (reports.services.receipt_code_verify): a site-wide
limit alone lets one client use it up and shut every reporter out, so each client also
has a bucket of its own, and the attempts it refuses do not count against the site.

How a client is told apart without storing who it is:

- The bucket's name is an HMAC of the client's address (IPv6: its /64, which one
  household or phone holds) under a random key that exists only in this process's
  memory. The counts live in the same dict. Nothing goes to the cache, Redis, the
  database or a log.
- Every window (a few minutes) the key and the dict are replaced together: once a
  window is over, not even this process can tell which address made which attempt.
- Buckets are per process: a client reaching several gunicorn processes gets `limit`
  attempts per window in each (4 processes per web machine in docs/deployment.md). That
  still leaves a guesser a few hundred tries an hour against 2^125 receipt codes.
- At most `max_clients` buckets per window (memory stays bounded whatever the number of
  addresses); when they are all taken, the window ends early (new key, new counts).

docs/deployment.md (threat model) says why this design was chosen over a proof-of-work.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import threading
import time


def address_of(request, meta_key: str = "REMOTE_ADDR") -> str:
    """The client's address as the web server (or a trusted proxy's header) gives it."""
    return (request.META.get(meta_key) or request.META.get("REMOTE_ADDR") or "").split(",")[0].strip()


def _network(address: str) -> str:
    """IPv4 addresses as they are; IPv6 addresses by their /64 (one client's prefix)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


class ClientBuckets:
    def __init__(self, *, limit: int, window_seconds: float, max_clients: int = 100_000, clock=time.monotonic):
        self.limit = limit
        self.window_seconds = window_seconds
        self.max_clients = max_clients
        self._clock = clock
        self._lock = threading.Lock()
        self._new_window()

    def _new_window(self) -> None:
        self._key = secrets.token_bytes(32)
        self._counts: dict[bytes, int] = {}
        self._window_ends = self._clock() + self.window_seconds

    def hit(self, address: str) -> bool:
        """Count one attempt from `address`; False when its bucket is already full."""
        network = _network(address).encode()
        with self._lock:
            if self._clock() >= self._window_ends:
                self._new_window()
            name = hmac.new(self._key, network, hashlib.sha256).digest()
            if name not in self._counts and len(self._counts) >= self.max_clients:
                self._new_window()
                name = hmac.new(self._key, network, hashlib.sha256).digest()
            count = self._counts.get(name, 0) + 1
            self._counts[name] = count
        return count <= self.limit

    def reset(self) -> None:
        with self._lock:
            self._new_window()
