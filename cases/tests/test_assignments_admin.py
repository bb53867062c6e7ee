"""The case page's roles box and determination form: who may do what, shown on the form.

34 CFR 106.45(b)(7)(i) and (b)(8)(iii)(C); the refusals are written out, not read from the code.
"""

import html

import pytest
from django.utils import timezone

from cases.models import Appeal, Case, CaseAssignment, CaseDocument, ConflictAttestation, Determination, Party
from cases.services.assignments import case_role_assign, conflict_attestation_record

from . import factories

pytestmark = pytest.mark.django_db
DETERMINATION = {"outcome": "not_responsible", "standard_of_evidence": "preponderance", "rationale": "Findings …"}


@pytest.fixture
def decider(groups):
    return factories.investigator(username="decider")


@pytest.fixture
def at_determination(case, investigator):
    CaseDocument.objects.create(
        case=case,
        kind=CaseDocument.Kind.INVESTIGATOR_REPORT,
        filename="report.pdf",
        content_type="application/pdf",
        size=1,
        stored_name="cases/x.bin",
        uploaded_by=investigator,
    )
    Case.objects.filter(pk=case.pk).update(status=Case.Status.DETERMINATION)
    case.refresh_from_db()
    return case


def test_the_coordinator_assigning_the_investigator_as_decision_maker_is_refused_on_the_form(
    client, case, investigator, coordinator
):
    client.force_login(coordinator)
    response = client.post(
        f"/admin/cases/case/{case.pk}/assign/", {"role": "decision_maker", "user": investigator.pk}
    )
    assert response.status_code == 200
    form = response.context["role_assign_form"]
    assert form.errors == {"user": ["The decision-maker cannot be the investigator of the case."]}
    assert "The decision-maker cannot be the investigator of the case." in html.unescape(response.content.decode())
    assert not CaseAssignment.objects.exists()


def test_the_decision_maker_attests_and_records_the_determination_on_the_case_page(
    client, at_determination, decider, coordinator
):
    client.force_login(coordinator)
    response = client.post(
        f"/admin/cases/case/{at_determination.pk}/assign/", {"role": "decision_maker", "user": decider.pk}
    )
    assert response.status_code == 302

    client.force_login(decider)
    page = client.get(f"/admin/cases/case/{at_determination.pk}/change/")
    assert page.status_code == 200
    assert 'id="determination-form"' in page.content.decode()
    refused = client.post(f"/admin/cases/case/{at_determination.pk}/determination/", DETERMINATION)
    assert refused.status_code == 200
    assert refused.context["determination_form"].non_field_errors() == [
        "Record your conflict-of-interest attestation as decision-maker of this case before acting in that role."
    ]
    attested = client.post(
        f"/admin/cases/case/{at_determination.pk}/attest/",
        {"role": "decision_maker", "statement": "No conflict of interest or bias."},
    )
    assert attested.status_code == 302
    assert ConflictAttestation.objects.get().statement == "No conflict of interest or bias."
    done = client.post(f"/admin/cases/case/{at_determination.pk}/determination/", DETERMINATION)
    assert done.status_code == 302
    assert Determination.objects.get(case=at_determination).decided_by == decider


def test_the_investigator_is_refused_the_determination_on_the_case_page(client, at_determination, investigator):
    client.force_login(investigator)
    response = client.post(f"/admin/cases/case/{at_determination.pk}/determination/", DETERMINATION)
    assert response.status_code == 200
    assert response.context["determination_form"].non_field_errors() == [
        "The investigator may not record the determination: only a decision-maker of the case does."
    ]
    assert not Determination.objects.exists()


def test_the_appeal_decision_maker_decides_the_appeal_on_the_case_page(client, case, coordinator, groups):
    appeals = factories.case_manager(username="appeals")
    case_role_assign(case=case, role="appeal_decision_maker", user=appeals, actor=coordinator)
    conflict_attestation_record(case=case, role="appeal_decision_maker", actor=appeals)
    party = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT)
    appeal = Appeal.objects.create(case=case, filed_by=party, filed_on=timezone.localdate(), grounds="New evidence")
    client.force_login(appeals)
    response = client.post(
        f"/admin/cases/case/{case.pk}/appeal-decision/",
        {"appeal": appeal.pk, "decision": "modified", "rationale": "The sanction was disproportionate.",
         "result_after_appeal": "Allegation 1: responsible; the sanction is a written warning."},
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.decision == "modified"


def test_a_partys_objection_is_recorded_and_upheld_on_the_case_page(client, case, manager, coordinator, decider):
    case_role_assign(case=case, role="decision_maker", user=decider, actor=coordinator)
    respondent = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT)
    client.force_login(manager)
    filed = client.post(
        f"/admin/cases/case/{case.pk}/objection/",
        {"party": respondent.pk, "role": "decision_maker", "assignee": decider.pk, "grounds": "Was my supervisor"},
    )
    assert filed.status_code == 302
    objection = case.assignee_objections.get()

    client.force_login(coordinator)
    refused = client.post(
        f"/admin/cases/case/{case.pk}/objection/resolve/", {"objection": objection.pk, "upheld": "no", "reason": ""}
    )
    assert refused.status_code == 200
    assert refused.context["objection_resolve_form"].non_field_errors() == [
        "A rejected objection records the reason."
    ]
    replacement = factories.case_manager(username="replacement")
    upheld = client.post(
        f"/admin/cases/case/{case.pk}/objection/resolve/",
        {"objection": objection.pk, "upheld": "yes", "replacement": replacement.pk, "reason": "Supervision"},
    )
    assert upheld.status_code == 302
    current = CaseAssignment.objects.filter(case=case, role="decision_maker", ended_at__isnull=True)
    assert [a.user.username for a in current] == ["replacement"]
    page = client.get(f"/admin/cases/case/{case.pk}/change/").content.decode()
    assert "Upheld: assignee replaced" in page
