"""The statistics page (issue 17) on a hand-built data set; expected tables written out literally."""

import csv
import datetime
import io

import pghistory.models
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cases.models import CaseReport, CleryClassification
from cases.services.classification import clery_classification_save
from cases.statistics import figures
from reports.models import Report, ReporterMessage

from .factories import CaseFactory, ReportFactory

pytestmark = pytest.mark.django_db
MARKER = "Zebedee Quillfeather"
URL = "/admin/statistics/"


def at(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 12, 0))


def classify(actor, *, case=None, report=None, **kw):
    return clery_classification_save(actor=actor, case=case, report=report, **kw)


@pytest.fixture
def data(coordinator, manager):
    cases = {}
    for name in "ABCDEFGH":
        cases[name] = CaseFactory()
    # A: rape, student housing, 2025; its report R2 is classified too but the case counts.
    classify(manager, case=cases["A"], offense="rape", geography="on_campus", student_housing=True, incident_year=2025)
    r2 = ReportFactory(categories=["stalking"], anonymous=True)
    CaseReport.objects.create(case=cases["A"], report=r2, linked_by=manager)
    classify(manager, report=r2, offense="rape", geography="on_campus", student_housing=True, incident_year=2025)
    # B: stalking / public property / 2024 at triage, reclassified later as fondling on campus 2025.
    b = classify(manager, case=cases["B"], offense="stalking", geography="public_property", incident_year=2024)
    classify(coordinator, case=cases["B"], offense="fondling", geography="on_campus", incident_year=2025)
    assert CleryClassification.objects.filter(case=cases["B"]).count() == 1
    assert pghistory.models.Events.objects.references(b).count() >= 2
    classify(manager, case=cases["C"], offense="dating_violence", geography="non_campus", incident_year=2024)
    classify(
        manager,
        case=cases["D"],
        offense="stalking",
        geography="public_property",
        incident_year=2023,
        hate_bias="gender",
    )
    classify(
        manager,
        case=cases["E"],
        offense="rape",
        geography="on_campus",
        student_housing=True,
        incident_year=2025,
        unfounded=True,
        unfounded_reason="Found false after a full police investigation.",
    )
    classify(
        manager,
        case=cases["F"],
        offense="intimidation",
        geography="on_campus",
        incident_year=2024,
        hate_bias="race",
    )
    classify(manager, case=cases["G"], offense="domestic_violence", geography="outside", incident_year=2025)
    # H: rape on campus, not in student housing, 2025 (counts in "On campus" but not in its housing subset).
    classify(manager, case=cases["H"], offense="rape", geography="on_campus", incident_year=2025)
    # R1: a report in no case, stalking in student housing, 2025; named, by the marker person.
    r1 = ReportFactory(categories=["stalking"], reporter_name=MARKER)
    classify(manager, report=r1, offense="stalking", geography="on_campus", student_housing=True, incident_year=2025)
    r3 = ReportFactory(kind=Report.Kind.COMPLAINT, categories=["sexual_harassment", "stalking"])
    for report in (r1, r2, r3):
        Report.objects.filter(pk=report.pk).update(created_at=at(2025, 3, 1))
    # Timeliness: r2 (in case A) answered the next day, triaged in 3 days, the case closed in 20.
    ReporterMessage.objects.create(
        report=r2, direction=ReporterMessage.Direction.FROM_STAFF, body="Hello", author=manager
    )
    ReporterMessage.objects.filter(report=r2).update(created_at=at(2025, 3, 2))
    CaseReport.objects.filter(report=r2).update(linked_at=at(2025, 3, 4))
    cases["A"].__class__.objects.filter(pk=cases["A"].pk).update(closed_at=at(2025, 3, 21), pathway="no_action")
    return cases


ZERO4 = [0, 0, 0, 0]


def test_clery_tables(data):
    table = figures.clery_year_table(2025)
    assert [str(label) for label in table.col_labels] == [
        "On campus (total)",
        "of which in on-campus student housing facilities",
        "Non-campus building or property",
        "Public property",
    ]
    assert table.counts == [
        [2, 1, 0, 0],  # rape: case A (housing) and case H (on campus); report R2 not twice; E unfounded
        [1, 0, 0, 0],  # fondling: case B, reclassified from 2024 stalking on public property
        ZERO4,  # incest
        ZERO4,  # statutory rape
        ZERO4,  # dating violence
        ZERO4,  # domestic violence: case G is outside Clery geography
        [1, 1, 0, 0],  # stalking: report R1, in no case, in student housing
    ]
    # The housing column is part of "On campus": not added again to a row's total.
    assert table.row_totals == [2, 1, 0, 0, 0, 0, 1]
    assert table.col_totals == [4, 2, 0, 0] and table.total == 4
    assert figures.clery_year_table(2024).counts == [ZERO4] * 4 + [[0, 0, 1, 0]] + [ZERO4] * 2
    assert figures.clery_year_table(2023).counts == [ZERO4] * 6 + [[0, 0, 0, 1]]
    assert figures.clery_unfounded_table([2023, 2024, 2025]).counts == [[0, 0, 1]] + [[0, 0, 0]] * 6
    hate = figures.clery_hate_table([2023, 2024, 2025])
    assert [str(label) for label in hate.row_labels] == [
        "Race",
        "Religion",
        "Gender",
        "Gender identity",
        "Sexual orientation",
        "Ethnicity",
        "National origin",
        "Disability",
    ]
    assert hate.counts == [[0, 1, 0], [0, 0, 0], [1, 0, 0]] + [[0, 0, 0]] * 5


def test_reports_by_route_and_category(data):
    tables = {t.key: t for t in figures.title_ix_tables([2025])}
    assert tables["reports_route"].counts == [[1], [1], [1], [0]]  # anonymous, named, complaint, referral
    category = dict(
        zip(map(str, tables["reports_category"].row_labels), tables["reports_category"].counts, strict=True)
    )
    assert category["Stalking"] == [3] and category["Sexual harassment"] == [1] and category["Retaliation"] == [0]


def test_timeliness(data):
    timely = figures.timeliness([2025])
    no_action = next(r for r in timely["rows"] if str(r["label"]) == "No action")
    assert no_action["cells"] == [
        {"n": 1, "median": 1, "p90": 1},
        {"n": 1, "median": 3, "p90": 3},
        {"n": 1, "median": 20, "p90": 20},
    ]


def test_page_is_for_the_coordinator_only(client, data, coordinator, manager):
    client.force_login(manager)
    assert client.get(URL).status_code == 403
    client.force_login(coordinator)
    response = client.get(URL, {"start": 2023, "end": 2025})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Not for publication." in body
    assert MARKER not in body
    assert "<svg" in body and "http://" not in body.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert reverse("admin:statistics") == URL


def test_exports_are_suppressed_and_carry_no_identity(client, data, coordinator):
    client.force_login(coordinator)
    csv_bytes = client.get(URL, {"start": 2025, "end": 2025, "format": "csv"}).content
    text = csv_bytes.decode()
    rows = list(csv.reader(io.StringIO(text)))
    start = rows.index(["Clery Act crimes, 2025"])
    small = "fewer than 5"
    assert rows[start + 1 : start + 10] == [
        [
            "",
            "On campus (total)",
            "of which in on-campus student housing facilities",
            "Non-campus building or property",
            "Public property",
            "Total",
        ],
        ["Rape", small, small, "0", "0", small],
        ["Fondling", small, "0", "0", "0", small],
        ["Incest", "0", "0", "0", "0", "0"],
        ["Statutory rape", "0", "0", "0", "0", "0"],
        ["Dating violence", "0", "0", "0", "0", "0"],
        ["Domestic violence", "0", "0", "0", "0", "0"],
        ["Stalking", small, small, "0", "0", small],
        ["Total", small, small, "0", "0", small],
    ]
    references = [c.reference for c in data.values()] + list(Report.objects.values_list("reference", flat=True))
    for needle in [MARKER, *references, "2025-03"]:
        assert needle not in text
    xlsx = client.get(URL, {"start": 2025, "end": 2025, "format": "xlsx"})
    book = load_workbook(io.BytesIO(xlsx.content))
    sheet = book["clery_2025"]
    assert [c.value for c in sheet[3]] == ["Rape", "fewer than 5", "fewer than 5", 0, 0, "fewer than 5"]
    cells = " ".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row)
    for needle in [MARKER, *references]:
        assert needle not in cells
    pdf = client.get(URL, {"start": 2025, "end": 2025, "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_classification_refusals_and_the_form_with_definitions(client, coordinator, manager, brt):
    case = CaseFactory()
    with pytest.raises(ValidationError) as refused:
        classify(manager, case=case, offense="rape", geography="non_campus", incident_year=2025, unfounded=True)
    assert "unfounded_reason" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        classify(manager, case=case, offense="intimidation", geography="non_campus", incident_year=2025)
    assert "hate_bias" in refused.value.error_dict
    with pytest.raises(PermissionDenied):
        classify(brt, case=case, offense="rape", geography="non_campus", incident_year=2025)
    with pytest.raises(ValidationError) as refused:
        classify(manager, case=case, offense="rape", geography="non_campus", student_housing=True, incident_year=2025)
    assert "student_housing" in refused.value.error_dict
    done = classify(
        manager,
        case=case,
        offense="rape",
        geography="non_campus",
        incident_year=2025,
        unfounded=True,
        unfounded_reason="Baseless.",
    )
    assert done.unfounded_by == manager
    client.force_login(coordinator)
    body = client.get(f"/admin/cases/cleryclassification/add/?case={case.pk}").content.decode()
    assert "The touching of the private body parts of another person" in body  # fondling, seed 003
    assert "a course of conduct directed at a specific person" in body  # stalking, seed 003
