"""What leaves the admin matches what the coordinator sees, after suppression; the nightly
summary and its "recount now"; the threshold setting; where staff classify (issue 17)."""

import csv
import io
import os
import re
import subprocess
import sys
from html import unescape

import pytest
from django.conf import settings
from django.core.management import call_command
from openpyxl import load_workbook

from cases.models import CaseReport, StatisticsYear
from cases.services.classification import clery_classification_save
from cases.statistics.summary import statistics_summary_refresh
from cases.tasks import statistics_refresh
from reports.models import Report

from .factories import CaseFactory, ReportFactory

pytestmark = pytest.mark.django_db
URL = "/admin/statistics/"
MARKER = "Zebedee Quillfeather"
SMALL = "fewer than 5"


def classify_many(actor, rows):
    """rows: (count, offense, geography, student_housing); each on its own report in no case."""
    for count, offense, place, housing in rows:
        for _ in range(count):
            report = ReportFactory(reporter_name=MARKER)
            clery_classification_save(
                actor=actor,
                report=report,
                offense=offense,
                geography=place,
                student_housing=housing,
                incident_year=2025,
            )


@pytest.fixture
def counted(manager):
    classify_many(
        manager,
        [
            (5, "stalking", "on_campus", True),
            (2, "stalking", "on_campus", False),
            (5, "stalking", "public_property", False),
            (6, "fondling", "on_campus", True),
            (5, "fondling", "non_campus", False),
            (1, "rape", "on_campus", True),
            (1, "rape", "on_campus", False),
            (1, "dating_violence", "public_property", False),
        ],
    )


def screen_table(body: str, key: str) -> list[list[str]]:
    """The on-screen table #table-<key> as rows of cell texts (header row first)."""
    html = re.search(rf'<table id="table-{key}">(.*?)</table>', body, re.S).group(1)
    rows = []
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S):
        rows.append(
            [
                unescape(re.sub(r"<[^>]+>", "", cell)).strip()
                for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
            ]
        )
    return rows


def csv_block(text: str, title: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text)))
    start = rows.index([title]) + 1
    end = rows.index([], start)
    return rows[start:end]


def assert_published_version_of(published, exact):
    """Each published figure is the exact one, or "fewer than 5" for 1-4, or withheld."""
    assert len(published) == len(exact)
    assert published[0][1:] == exact[0][1:]  # the same column headings
    for pub_row, exact_row in zip(published[1:], exact[1:], strict=True):
        assert pub_row[0] == exact_row[0]
        for pub, value in zip(pub_row[1:], exact_row[1:], strict=True):
            value = int(value)
            if pub == SMALL:
                assert 1 <= value <= 4
            elif pub != "withheld":
                assert int(pub) == value
                assert not 1 <= value <= 4, "a count under 5 is published"


def test_csv_and_xlsx_match_the_screen_after_suppression(client, coordinator, counted):
    client.force_login(coordinator)
    body = client.get(URL, {"start": 2025, "end": 2025}).content.decode()
    exact = screen_table(body, "clery_2025")
    assert exact[0] == [
        "",
        "On campus (total)",
        "of which in on-campus student housing facilities",
        "Non-campus building or property",
        "Public property",
        "Total",
    ]
    assert exact[1] == ["Rape", "2", "1", "0", "0", "2"]
    assert exact[2] == ["Fondling", "6", "6", "5", "0", "11"]
    assert exact[7] == ["Stalking", "7", "5", "0", "5", "12"]
    assert exact[5] == ["Dating violence", "0", "0", "0", "1", "1"]
    assert exact[8] == ["Total", "15", "12", "5", "6", "26"]

    text = client.get(URL, {"start": 2025, "end": 2025, "format": "csv"}).content.decode()
    published = csv_block(text, "Clery Act crimes, 2025")
    assert_published_version_of(published, exact)
    assert published[1][:2] == ["Rape", SMALL]
    assert published[5][4] == SMALL  # dating violence on public property
    assert "withheld" in sum(published, [])  # a lone small count in a row needs a complement

    book = load_workbook(io.BytesIO(client.get(URL, {"start": 2025, "end": 2025, "format": "xlsx"}).content))
    sheet_rows = [
        [("" if c is None else str(c)) for c in row] for row in book["clery_2025"].iter_rows(values_only=True)
    ]
    assert sheet_rows[0][0] == "Clery Act crimes, 2025"
    assert sheet_rows[1:] == published  # the spreadsheet says exactly what the CSV says


def test_no_marker_or_reference_in_any_export_or_chart(client, coordinator, counted):
    references = list(Report.objects.values_list("reference", flat=True))
    assert len(references) == 26
    client.force_login(coordinator)
    page = client.get(URL, {"start": 2025, "end": 2025}).content.decode()
    charts = "".join(re.findall(r"<svg [^>]*stat-chart[^>]*>.*?</svg>", page, re.S))
    assert charts.count("<svg") == 8
    csv_text = client.get(URL, {"start": 2025, "end": 2025, "format": "csv"}).content.decode()
    book = load_workbook(io.BytesIO(client.get(URL, {"start": 2025, "end": 2025, "format": "xlsx"}).content))
    xlsx_text = " ".join(str(c) for ws in book for row in ws.iter_rows(values_only=True) for c in row)
    for where in (page, charts, csv_text, xlsx_text):
        assert MARKER not in where
        for reference in references:
            assert reference not in where
    # No date finer than the year in what is published.
    for where in (charts, csv_text, xlsx_text):
        assert not re.search(r"\b20\d\d-\d\d\b", where)


def test_the_page_reads_the_nightly_summary_and_recounts_on_demand(
    client, coordinator, manager, django_capture_on_commit_callbacks
):
    case = CaseFactory()
    report = ReportFactory()
    CaseReport.objects.create(case=case, report=report, linked_by=manager)
    # Classified at triage as stalking on public property, 2025.
    clery_classification_save(
        actor=manager, case=case, offense="stalking", geography="public_property", incident_year=2025
    )
    statistics_refresh()  # the nightly beat task
    assert settings.CELERY_BEAT_SCHEDULE["cases-statistics-refresh"]["task"] == "cases.statistics_refresh"
    client.force_login(coordinator)
    body = client.get(URL, {"start": 2025, "end": 2025}).content.decode()
    assert screen_table(body, "clery_2025")[7] == ["Stalking", "0", "0", "0", "1", "1"]
    assert "Figures as counted at" in body
    # Reclassified after triage: fondling in student housing. The page keeps last night's
    # figures until it is recounted.
    clery_classification_save(
        actor=coordinator,
        case=case,
        offense="fondling",
        geography="on_campus",
        student_housing=True,
        incident_year=2025,
    )
    body = client.get(URL, {"start": 2025, "end": 2025}).content.decode()
    assert screen_table(body, "clery_2025")[7] == ["Stalking", "0", "0", "0", "1", "1"]
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(f"{URL}?start=2025&end=2025", {"refresh": "1"})
    assert response.status_code == 302 and response["Location"] == f"{URL}?start=2025&end=2025"
    # The button queues the recount for the Celery worker (once the request commits); here it
    # runs as the worker would.
    assert len(queued) == 1
    statistics_refresh()
    body = client.get(URL, {"start": 2025, "end": 2025}).content.decode()
    table = screen_table(body, "clery_2025")
    assert table[2] == ["Fondling", "1", "1", "0", "0", "1"]
    assert table[7] == ["Stalking", "0", "0", "0", "0", "0"]
    # Only the coordinator may recount.
    client.force_login(manager)
    assert client.post(URL, {"refresh": "1"}).status_code == 403


def test_summary_keeps_counts_only(manager):
    clery_classification_save(
        actor=manager,
        report=ReportFactory(reporter_name=MARKER),
        offense="rape",
        geography="on_campus",
        incident_year=2025,
    )
    statistics_summary_refresh()
    stored = str(list(StatisticsYear.objects.values_list("figures", flat=True)))
    assert MARKER not in stored
    assert StatisticsYear.objects.get(year=2025).figures["clery"] == {"rape": {"on_campus": 1}}


def test_case_page_and_triage_offer_the_classification(client, manager, case):
    client.force_login(manager)
    page = client.get(f"/admin/cases/case/{case.pk}/change/").content.decode()
    assert "Not classified yet." in page
    assert f'href="/admin/cases/cleryclassification/add/?case={case.pk}"' in page
    form = client.get(f"/admin/cases/cleryclassification/add/?case={case.pk}").content.decode()
    assert f'name="case" value="{case.pk}"' in form
    response = client.post(
        f"/admin/cases/cleryclassification/add/?case={case.pk}",
        {
            "case": case.pk,
            "offense": "stalking",
            "geography": "on_campus",
            "student_housing": "on",
            "incident_year": 2025,
            "unfounded_reason": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == f"/admin/cases/case/{case.pk}/change/"
    page = client.get(f"/admin/cases/case/{case.pk}/change/").content.decode()
    panel = page[page.index('id="clery-classification"') :][:1500]
    assert "Stalking" in panel and "On campus: student housing" in panel and "2025" in panel
    assert "Edit the classification" in panel
    # Triage: a report in the intake queue offers to classify the report itself.
    report = ReportFactory()
    page = client.get(f"/admin/reports/report/{report.pk}/change/").content.decode()
    assert f'href="/admin/cases/cleryclassification/add/?report={report.pk}"' in page


def test_a_threshold_under_three_stops_the_portal_at_startup():
    env = {**os.environ, "IDHR_STATISTICS_SUPPRESSION_THRESHOLD": "2"}
    done = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR
    )
    assert done.returncode != 0
    assert "IDHR_STATISTICS_SUPPRESSION_THRESHOLD is 2: it must be 3 or more" in done.stderr
    assert settings.IDHR_STATISTICS_SUPPRESSION_THRESHOLD == 5  # the default


def test_migrations_are_complete():
    call_command("makemigrations", "cases", "--check", "--dry-run", verbosity=0)
