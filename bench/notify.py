"""Notification latency: report commit → email received by the SMTP server.

    python -m bench.notify --reports 200 --rate 10 --out n.json

Files incident reports through reports.services.incident_report_submit (the
service the public form calls), paced at --rate per second. The commit time is
taken by an on_commit hook registered before the submission, so it runs first
at COMMIT, before the Celery publish. The SMTP sink (scripts/smtp_sink.py) names
each received message <time_ns>-<id>.eml at the moment it accepts it; the email
of a report is the "New report <reference>" message. A real Celery worker
process (started by bench/run.py) delivers the outbox rows.
"""

from __future__ import annotations

import argparse
import email
import json
import os
import random
import time
from pathlib import Path


def mail_index(mail_dir: Path, since_ns: int) -> list[tuple[int, email.message.Message]]:
    """(received time_ns, headers) of the messages received since `since_ns`."""
    found = []
    for path in mail_dir.glob("*.eml"):
        try:
            received = int(path.name.split("-", 1)[0])
        except ValueError:
            continue
        if received < since_ns:
            continue
        with path.open("rb") as handle:
            headers = email.message_from_binary_file(handle, _class=email.message.Message)
        found.append((received, headers))
    return found


def measure(*, reports: int, rate: float, timeout: float = 120.0) -> dict:
    from django.conf import settings
    from django.db import transaction

    from bench.pages import percentile
    from reports.services import IncidentDetails, Party, incident_report_submit, receipt_code_new

    mail_dir = Path(os.environ.get("MAIL_DIR") or Path(settings.PRIVATE_MEDIA_ROOT).parent / "mail")
    rng = random.Random(8)
    since = time.time_ns()
    committed: dict[str, float] = {}
    for i in range(reports):
        due = since / 1e9 + i / rate
        pause = due - time.time()
        if pause > 0:
            time.sleep(pause)
        holder: dict = {}
        with transaction.atomic():
            transaction.on_commit(lambda h=holder: h.__setitem__("t", time.time()))
            report = incident_report_submit(
                receipt_code=receipt_code_new(),
                details=IncidentDetails(
                    narrative=f"Notification latency report {i}.",
                    categories=[rng.choice(["discrimination", "bias_incident", "sexual_harassment"])],
                    location_type="on_campus",
                    respondents=[Party(name=f"Latency Respondent {i}", email=f"lat{i}@example.edu")],
                ),
                is_anonymous=True,
                relationship="harmed",
            )
        committed[report.reference] = holder["t"]

    deadline = time.time() + timeout
    received: dict[str, float] = {}
    while time.time() < deadline:
        for received_ns, headers in mail_index(mail_dir, since):
            subject = str(headers.get("Subject", ""))
            for reference in committed:
                if subject.endswith(reference) and reference not in received:
                    received[reference] = received_ns / 1e9
        if len(received) == len(committed):
            break
        time.sleep(0.5)
    latencies = [received[ref] - committed[ref] for ref in received]
    return {
        "reports": reports,
        "rate_per_s": rate,
        "emails_received": len(received),
        "missing": len(committed) - len(received),
        "p50_ms": round(percentile(latencies, 50) * 1000, 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 95) * 1000, 1) if latencies else None,
        "max_ms": round(max(latencies) * 1000, 1) if latencies else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--rate", type=float, default=10.0)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "idhr_portal.settings.bench")
    import django

    django.setup()
    result = measure(reports=args.reports, rate=args.rate)
    with open(args.out, "w") as handle:
        json.dump(result, handle, indent=2)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
