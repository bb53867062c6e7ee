"""Load generator (standard library only; runs as its own process).

    python -m bench.load --base http://127.0.0.1:8600 --mode submit --clients 50 --duration 30 --out x.json
    python -m bench.load --base ... --mode ping --clients 50 --duration 10 --out y.json

`submit`: every virtual client (a thread with its own keep-alive connection and
cookie jar) walks the real incident-report form as a browser without JavaScript
does: GET each step, POST it with the CSRF token of the page, follow the
redirect, send the review step with its one-time token, and read the receipt
code on the receipt page. It starts again at once (no think time). A request
that fails (a 503 during an outage, a dropped connection) ends that walk; the
client waits 0.2 s and starts a new one with fresh cookies.

`ping`: GET /bench/ping (a bare Django view) in a loop: the floor of this stack.

Output: JSON with every request's latency summary, the completed submissions
and their receipt codes, and status counts (a 500 or a page showing a stack trace
is counted apart).
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import threading
import time
import urllib.parse
from collections import Counter

CSRF_RE = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN_RE = re.compile(rb'name="token" value="([^"]+)"')
CODE_RE = re.compile(rb'data-code="([^"]+)"')
TRACE_MARKERS = (b"Traceback (most recent call last)", b"django.db.utils", b"psycopg2.")
CATEGORIES = [
    "discrimination",
    "bias_incident",
    "racist_conduct",
    "sexual_harassment",
    "stalking",
    "retaliation",
]


class StepFailed(Exception):
    pass


class Deadline(Exception):
    """The run's time is up: the walk in progress is abandoned, not counted."""


def percentile(values, q):
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def latency_summary(values):
    if not values:
        return {"count": 0}
    return {
        "count": len(values),
        "p50_ms": round(percentile(values, 50) * 1000, 1),
        "p95_ms": round(percentile(values, 95) * 1000, 1),
        "p99_ms": round(percentile(values, 99) * 1000, 1),
        "max_ms": round(max(values) * 1000, 1),
    }


class Client:
    def __init__(self, host: str, port: int, record, deadline: float):
        self.host, self.port, self.record, self.deadline = host, port, record, deadline
        self.conn = None
        self.cookies: dict[str, str] = {}
        self.accepted = 0  # final submits answered with the redirect to the receipt

    def drop_connection(self):
        if self.conn is not None:
            self.conn.close()
        self.conn = None

    def reset(self):
        """A new visitor: no cookies, a new connection."""
        self.cookies = {}
        self.drop_connection()

    def request(self, method: str, path: str, body: dict | None = None, kind: str = "page"):
        # The receipt after an accepted submission is always fetched: the report exists.
        if time.perf_counter() > self.deadline and kind != "receipt":
            raise Deadline
        headers = {"User-Agent": "idhr-bench"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        for attempt in (1, 2):
            reused = self.conn is not None
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                payload = response.read()
                break
            except (OSError, http.client.HTTPException) as error:
                self.drop_connection()
                stale = isinstance(error, (ConnectionError, http.client.RemoteDisconnected))
                if reused and stale and attempt == 1:
                    continue  # the server closed an idle keep-alive connection: browsers retry once
                self.record(kind, time.perf_counter() - start, "conn-error", b"", start)
                raise StepFailed(f"{method} {path}: {type(error).__name__}") from error
        elapsed = time.perf_counter() - start
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                name, _, cookie_value = pair.partition("=")
                expired = "max-age=0" in value.lower() or not cookie_value or cookie_value == '""'
                if expired:
                    self.cookies.pop(name.strip(), None)
                else:
                    self.cookies[name.strip()] = cookie_value
        self.record(kind, elapsed, response.status, payload, start)
        if response.getheader("Connection", "").lower() == "close":
            self.drop_connection()  # the cookies stay: the same visitor goes on
        return response.status, response.getheader("Location", ""), payload


def walk(client: Client, rng: random.Random, think: float = 0.0) -> str:
    """One incident report through every step; returns the receipt code."""

    def get(path, kind="page"):
        status, _location, body = client.request("GET", path, kind=kind)
        if status != 200:
            raise StepFailed(f"GET {path}: {status}")
        return body

    def post(path, fields, expect, kind="step"):
        page = get(path)
        if think:  # a person reading and filling in the step
            time.sleep(rng.uniform(0.5, 1.5) * think)
        match = CSRF_RE.search(page)
        if not match:
            raise StepFailed(f"no CSRF token on {path}")
        fields = {"csrfmiddlewaretoken": match.group(1).decode(), **fields}
        if callable(expect):
            fields.update(expect(page))
        status, location, _body = client.request("POST", path, fields, kind=kind)
        if status != 302:
            raise StepFailed(f"POST {path}: {status}")
        return location

    def review_token(page):
        match = TOKEN_RE.search(page)
        if not match:
            raise StepFailed("no submit token on the review page")
        return {"token": match.group(1).decode()}

    n = rng.getrandbits(32)
    post("/report/", {"relationship": "harmed", "identity": "anonymous", "action": "next"}, None)
    post(
        "/report/what-happened/",
        {
            "categories": rng.sample(CATEGORIES, 2),
            "date_precision": "unknown",
            "location_type": "on_campus",
            "location_detail": "Building 7, second floor",
            "narrative": f"Load test report {n}. " + "Something happened after class near the lab. " * 8,
            "police_contacted": "no",
            "action": "next",
        },
        None,
    )
    post(
        "/report/people/",
        {
            "respondent-TOTAL_FORMS": "1",
            "respondent-INITIAL_FORMS": "0",
            "respondent-0-name": f"Respondent {n % 5000}",
            "respondent-0-email": f"resp{n % 5000}@example.edu",
            "respondent-0-affiliation": "student",
            "respondent-0-details": "",
            "witness-TOTAL_FORMS": "1",
            "witness-INITIAL_FORMS": "0",
            "witness-0-name": f"Witness {n}",
            "witness-0-email": "",
            "witness-0-affiliation": "unknown",
            "witness-0-details": "",
            "action": "next",
        },
        None,
    )
    post("/report/files/", {"action": "next"}, None)
    location = post("/report/review/", {"action": "submit"}, review_token, kind="submit")
    if not location.endswith("/report/receipt/"):
        raise StepFailed(f"submit went to {location}")
    client.accepted += 1
    receipt = get("/report/receipt/", kind="receipt")
    match = CODE_RE.search(receipt)
    if not match:
        raise StepFailed("no receipt code on the receipt page")
    return match.group(1).decode()


def run(base: str, mode: str, clients: int, duration: float, think: float = 0.0, seed: int = 8) -> dict:
    parsed = urllib.parse.urlparse(base)
    host, port = parsed.hostname, parsed.port or 80
    lock = threading.Lock()
    latencies: dict[str, list[float]] = {}
    statuses: Counter = Counter()
    timeline: list[tuple[float, str]] = []
    traces = 0
    codes: list[str] = []
    walks: list[float] = []
    failures: Counter = Counter()
    accepted: list[int] = []
    t0 = time.perf_counter()
    deadline = t0 + duration

    def record(kind, elapsed, status, payload, start):
        nonlocal traces
        with lock:
            latencies.setdefault(kind, []).append(elapsed)
            statuses[str(status)] += 1
            timeline.append((round(start - t0, 3), str(status)))
            if payload and any(marker in payload for marker in TRACE_MARKERS):
                traces += 1

    def worker(index):
        rng = random.Random(seed * 1000 + index)
        if think:  # people arrive over a few seconds, not all in the same millisecond
            time.sleep(rng.uniform(0, 2 * think))
        client = Client(host, port, record, deadline)
        while time.perf_counter() < deadline:
            if mode == "ping":
                try:
                    client.request("GET", "/bench/ping", kind="ping")
                except StepFailed:
                    time.sleep(0.2)
                except Deadline:
                    break
                continue
            started = time.perf_counter()
            try:
                code = walk(client, rng, think)
            except Deadline:
                break
            except StepFailed as failure:
                with lock:
                    failures[str(failure).split(":")[-1].strip()] += 1
                client.reset()
                time.sleep(0.2)
                continue
            with lock:
                codes.append(code)
                walks.append(time.perf_counter() - started)
            client.reset()  # the next report comes from a new visitor
        with lock:
            accepted.append(client.accepted)

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 60)
    elapsed = time.perf_counter() - t0
    all_requests = [v for values in latencies.values() for v in values]
    ok = sum(n for status, n in statuses.items() if status in ("200", "302"))
    errors = sum(n for status, n in statuses.items() if status not in ("200", "302"))
    return {
        "mode": mode,
        "clients": clients,
        "think_s": think,
        "duration_s": round(elapsed, 2),
        "requests": len(all_requests),
        "requests_per_s": round(len(all_requests) / elapsed, 1),
        "ok_requests": ok,
        "error_requests": errors,
        "statuses": dict(statuses),
        "stack_traces": traces,
        "latency_all": latency_summary(all_requests),
        "latency_by_kind": {kind: latency_summary(values) for kind, values in latencies.items()},
        "submissions": len(codes),
        "submits_accepted": sum(accepted),
        "submissions_per_s": round(len(codes) / elapsed, 2),
        "walk": latency_summary(walks),
        "failed_walks": dict(failures),
        "receipt_codes": codes,
        "timeline": timeline if mode == "submit" else [],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8600")
    parser.add_argument("--mode", choices=["submit", "ping"], default="submit")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--think", type=float, default=0.0, help="mean seconds spent on each step")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    result = run(args.base, args.mode, args.clients, args.duration, args.think)
    with open(args.out, "w") as handle:
        json.dump(result, handle)
    brief = {k: v for k, v in result.items() if k not in ("receipt_codes", "timeline")}
    print(json.dumps(brief))


if __name__ == "__main__":
    main()
