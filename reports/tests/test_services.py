import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from idhr_portal.crypto import blind_index
from reports import services
from reports.models import Report, ReportParty
from reports.services import submission
from reports.tests.factories import ReportFactory, incident_details

pytestmark = pytest.mark.django_db


def test_receipt_code_has_125_random_bits_in_five_groups():
    code = services.receipt_code_new()
    groups = code.split("-")
    assert len(groups) == 5 and all(len(g) == 5 for g in groups)
    # Crockford's base 32, written out: digits and letters without I, L, O and U, so
    # nothing can be misread; 25 symbols of 5 bits each are 125 bits.
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    assert len(alphabet) == 32
    assert set(code.replace("-", "")) <= set(alphabet)
    # Every symbol turns up: the code is drawn from the whole alphabet, not part of it.
    assert set("".join(services.receipt_code_new() for _ in range(50)).replace("-", "")) == set(alphabet)
    assert len({services.receipt_code_new() for _ in range(200)}) == 200


def test_receipt_code_hash_is_keyed_and_normalised(settings):
    code = services.receipt_code_new()
    assert services.receipt_code_hash(code) == services.receipt_code_hash(code.lower().replace("-", " "))
    assert services.receipt_code_hash("0O1IL") == services.receipt_code_hash("00111")
    before = services.receipt_code_hash(code)
    settings.RECEIPT_CODE_PEPPER = "another pepper"
    assert services.receipt_code_hash(code) != before


def test_right_and_wrong_codes_cost_the_same_queries():
    code = services.receipt_code_new()
    ReportFactory(receipt_code=code)
    with CaptureQueriesContext(connection) as right:
        assert services.receipt_code_verify(code=code, client="192.0.2.1") is not None
    with CaptureQueriesContext(connection) as wrong:
        assert services.receipt_code_verify(code=services.receipt_code_new(), client="192.0.2.1") is None
    with CaptureQueriesContext(connection) as garbage:
        assert services.receipt_code_verify(code="x", client="192.0.2.1") is None
    assert len(right) == len(wrong) == len(garbage) == 1


def test_a_concurrent_second_submit_of_the_same_draft_is_refused_by_the_unique_index(monkeypatch):
    code = services.receipt_code_new()
    kwargs = {
        "receipt_code": code,
        "details": incident_details(),
        "is_anonymous": True,
        "relationship": "harmed",
    }
    services.incident_report_submit(**kwargs)
    monkeypatch.setattr(submission, "_check_unused", lambda receipt_code: None)  # as if both passed the check
    with pytest.raises(services.ReportAlreadySubmitted):
        services.incident_report_submit(**kwargs)
    assert Report.objects.count() == 1


def test_respondents_get_blind_indexes_that_match_across_spellings():
    services.incident_report_submit(
        receipt_code=services.receipt_code_new(),
        details=incident_details(),
        is_anonymous=True,
        relationship="harmed",
    )
    respondent = ReportParty.objects.get(role=ReportParty.Role.RESPONDENT)
    assert respondent.name_index == blind_index("example, jordan", kind="name")
    assert respondent.email_index == blind_index("  jordan.example@mit.edu ", kind="email")
    assert "Jordan" not in respondent.name_index


def test_title_ix_is_derived_from_the_categories():
    report = services.incident_report_submit(
        receipt_code=services.receipt_code_new(),
        details=incident_details(categories=["bias_incident"]),
        is_anonymous=True,
        relationship="harmed",
    )
    assert not report.is_title_ix
    other = services.incident_report_submit(
        receipt_code=services.receipt_code_new(),
        details=incident_details(categories=["bias_incident", "intimate_partner_violence"]),
        is_anonymous=True,
        relationship="on_behalf",
    )
    assert other.is_title_ix


def test_services_refuse_what_forms_would_refuse():
    with pytest.raises(ValidationError):
        services.incident_report_submit(
            receipt_code=services.receipt_code_new(),
            details=incident_details(narrative=" "),
            is_anonymous=True,
            relationship="harmed",
        )
    with pytest.raises(ValidationError):
        services.incident_report_submit(
            receipt_code=services.receipt_code_new(),
            details=incident_details(),
            is_anonymous=False,
            relationship="harmed",
            reporter=services.Contact(),
        )
    assert Report.objects.count() == 0
