"""Staff pages and lookups, measured in-process (django.test.Client, DEBUG off).

    python -m bench.pages --label 100000 --out results.json

Each page: a few warm-up requests, then RUNS timed requests (server time = the
whole request through the middleware, the view and the template), median and
p95; then one more request inside CaptureQueriesContext for the query count.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time

WARMUP = 2
RUNS = int(os.environ.get("BENCH_PAGE_RUNS", "20"))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary_ms(samples: list[float]) -> dict:
    return {
        "median_ms": round(statistics.median(samples) * 1000, 2),
        "p95_ms": round(percentile(samples, 95) * 1000, 2),
        "runs": len(samples),
    }


def _page(client, url: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARMUP):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client.get(url)
        samples.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return {"url": url, **summary_ms(samples), "queries": len(ctx.captured_queries)}


def measure(label: str) -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from bench.datagen import BIG_CASE_REFERENCE, KNOWN_CODE_EVERY, known_receipt_code
    from cases.models import Case, CaseReport, Party
    from cases.selectors.respondents import repeat_respondent_case_ids
    from reports.models import Report
    from reports.services import receipt_code_hash

    rng = random.Random(8)
    coordinator = get_user_model().objects.get(username="bench-coordinator")
    client = Client()
    client.force_login(coordinator)
    big = Case.objects.get(reference=BIG_CASE_REFERENCE)
    # A report reference from the middle of the data (not the newest page), of a case whose
    # respondent also appears elsewhere, so the typical case page does the same work at
    # every size (the repeat-respondent panel reads the matching cases).
    total = CaseReport.objects.count()
    links = CaseReport.objects.select_related("report", "case").order_by("pk")
    link = next(
        candidate
        for candidate in links[total // 2 : total // 2 + 200]
        if repeat_respondent_case_ids(candidate.case)
    )
    pages = {
        "case_list": "/admin/cases/case/",
        "case_list_filtered": "/admin/cases/case/?open=yes&overdue=yes&category=sexual_harassment&is_title_ix__exact=1",
        "case_list_search_report_ref": f"/admin/cases/case/?q={link.report.reference}",
        "case_list_search_case_ref": f"/admin/cases/case/?q={link.case.reference}",
        "case_page": f"/admin/cases/case/{big.pk}/change/",
        "case_page_typical": f"/admin/cases/case/{link.case.pk}/change/",
        "dashboard": "/admin/",
        "report_list": "/admin/reports/report/",
    }
    # Finding people (issue 16): a respondent of the typical case (repeats across cases), searched
    # by a common first name, whole name, email and the last part of a reference; the people
    # search and the person page.
    from urllib.parse import quote

    respondent = link.case.parties.filter(role="respondent").order_by("pk").first()
    first_word = respondent.name.split()[0]
    pages.update(
        {
            "case_list_search_first_name": f"/admin/cases/case/?q={quote(first_word)}",
            "case_list_search_full_name": f"/admin/cases/case/?q={quote(respondent.name)}",
            "case_list_search_email": f"/admin/cases/case/?q={quote(respondent.email)}",
            "case_list_search_partial_ref": f"/admin/cases/case/?q={link.case.reference[-5:]}",
            "report_list_search_full_name": f"/admin/reports/report/?q={quote(respondent.name)}",
            "people_search": f"/admin/cases/person/?q={quote(respondent.name)}",
            "people_search_first_name": f"/admin/cases/person/?q={quote(first_word)}",
            "person_page": f"/admin/cases/person/party/{respondent.pk}/",
            # What to do next: the coordinator's own work (all intake), caseload and calendar.
            "my_work": "/admin/cases/staffwork/",
            "caseload": "/admin/cases/staffwork/caseload/",
            "calendar_month": "/admin/cases/staffwork/calendar/",
            "calendar_week": f"/admin/cases/staffwork/calendar/?week={datetime.date.today().isoformat()}",
            "intake_queue": "/admin/reports/report/?triage=queue",
        }
    )
    from bench.hearing_case import HEARING_CASE_REFERENCE

    hearing_case = Case.objects.get(reference=HEARING_CASE_REFERENCE)
    pages["case_page_hearing"] = f"/admin/cases/case/{hearing_case.pk}/change/"
    # Statistics (issue 17): the coordinator's page for the last three years, read from the
    # nightly summary (bench_data refreshed it, as the beat task would have).
    this_year = datetime.date.today().year
    pages["statistics"] = f"/admin/statistics/?start={this_year - 2}&end={this_year}"
    pages["access_log_grouped"] = "/admin/cases/accesslog/grouped/"  # issue 18: reads per person, case and day
    out = {"label": label, "cases": Case.objects.count(), "pages": {}, "lookups": {}}
    out["loadavg_before"] = [round(x, 2) for x in os.getloadavg()]
    for name, url in pages.items():
        out["pages"][name] = _page(client, url)
    for name, case in (("case_page", big), ("case_page_typical", link.case), ("case_page_hearing", hearing_case)):
        out["pages"][name]["size"] = {
            "parties": case.parties.count(),
            "measures": case.measures.count(),
            "events": case.timeline.count(),
        }

    # Repeat respondent: the selector the case page uses, for 200 random cases.
    ids = list(Party.objects.filter(role="respondent").values_list("case_id", flat=True)[:50_000])
    samples = []
    for case_id in rng.sample(ids, min(200, len(ids))):
        case = Case(pk=case_id)
        start = time.perf_counter()
        repeat_respondent_case_ids(case)
        samples.append(time.perf_counter() - start)
    out["lookups"]["repeat_respondent"] = summary_ms(samples)

    # Receipt code: the keyed hash and the indexed lookup of reports.services.receipt_code_verify
    # (its Redis rate-limit counters are left out: 200 attempts would trip them by design).
    codes = [
        known_receipt_code(pk)
        for pk in Report.objects.filter(id__lte=10**9).values_list("pk", flat=True)
        if pk % KNOWN_CODE_EVERY == 0
    ]
    samples, found = [], 0
    for i in range(200):
        code = codes[i % len(codes)] if (codes and i % 2 == 0) else f"WRONG-{rng.getrandbits(60)}"
        start = time.perf_counter()
        report = Report.objects.filter(receipt_code_hash=receipt_code_hash(code)).first()
        samples.append(time.perf_counter() - start)
        found += report is not None
    out["lookups"]["receipt_code"] = {**summary_ms(samples), "found": found, "known_codes": len(codes)}

    # The statistics summary recounted (the nightly task, or the coordinator's "Recount now"): 3 runs.
    from cases.statistics.summary import statistics_summary_refresh

    samples = []
    for _ in range(3):
        start = time.perf_counter()
        statistics_summary_refresh()
        samples.append(time.perf_counter() - start)
    out["statistics_refresh"] = summary_ms(samples)
    out["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "idhr_portal.settings.bench")
    import django

    django.setup()
    result = measure(args.label)
    with open(args.out, "w") as handle:
        json.dump(result, handle, indent=2)
    json.dump(result, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
