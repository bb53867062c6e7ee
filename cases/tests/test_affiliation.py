"""One vocabulary of affiliation: a person not affiliated with the Institute keeps that
answer, in the same words, when their report becomes a case."""
import pytest

from cases.models import Party
from cases.services.triage import case_open_from_report

from .factories import ReportFactory, ReportPartyFactory, case_manager

pytestmark = pytest.mark.django_db


def test_a_respondent_not_affiliated_with_mit_stays_so_in_the_case():
    report = ReportFactory()
    ReportPartyFactory(report=report, role="respondent", affiliation="not_affiliated")

    case = case_open_from_report(report=report, actor=case_manager())

    party = Party.objects.get(case=case, role="respondent")
    assert party.affiliation == "not_affiliated"
    assert party.get_affiliation_display() == "Not affiliated with MIT"


def test_an_employee_respondent_reads_as_faculty_or_staff_in_the_case():
    report = ReportFactory()
    ReportPartyFactory(report=report, role="respondent", affiliation="employee")

    case = case_open_from_report(report=report, actor=case_manager())

    party = Party.objects.get(case=case, role="respondent")
    assert party.get_affiliation_display() == "Employee (faculty or staff)"
