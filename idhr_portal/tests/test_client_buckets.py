"""Per-client buckets of the follow-up sign-in: limits, windows, and no address kept."""
import pickle

from idhr_portal.client_buckets import ClientBuckets


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_a_client_gets_its_limit_then_is_refused_while_others_are_not():
    buckets = ClientBuckets(limit=10, window_seconds=300, clock=Clock())
    assert [buckets.hit("203.0.113.5") for _ in range(12)] == [True] * 10 + [False] * 2
    assert buckets.hit("198.51.100.7") is True


def test_addresses_of_one_ipv6_64_share_a_bucket_other_prefixes_do_not():
    buckets = ClientBuckets(limit=2, window_seconds=300, clock=Clock())
    assert buckets.hit("2001:db8:1:2::1") and buckets.hit("2001:db8:1:2:ffff::9")
    assert buckets.hit("2001:db8:1:2::abcd") is False
    assert buckets.hit("2001:db8:1:3::1") is True


def test_a_new_window_forgets_every_count():
    clock = Clock()
    buckets = ClientBuckets(limit=1, window_seconds=300, clock=clock)
    assert buckets.hit("203.0.113.5") is True
    assert buckets.hit("203.0.113.5") is False
    clock.now += 300
    assert buckets.hit("203.0.113.5") is True


def test_memory_stays_bounded_by_starting_a_new_window():
    buckets = ClientBuckets(limit=1, window_seconds=300, max_clients=3, clock=Clock())
    for i in range(10):
        buckets.hit(f"203.0.113.{i}")
    assert len(buckets._counts) <= 3


def test_nothing_in_the_buckets_names_an_address():
    buckets = ClientBuckets(limit=10, window_seconds=300, clock=Clock())
    buckets.hit("203.0.113.77")
    state = pickle.dumps({k: v for k, v in vars(buckets).items() if k not in ("_lock", "_clock")})
    assert b"203.0.113.77" not in state
    assert bytes([203, 0, 113, 77]) not in state
