"""Defects a coordinator found walking a Title IX complaint from intake to the appeal decision
(issue 24's check, "tried as an office would"): each fails on the code before its fix."""

import pytest
from django.core.exceptions import ValidationError

from cases.models import CaseDocument, CaseRole, Party
from cases.services.assignments import case_role_assign, conflict_attestation_record
from cases.services.evidence_review import investigation_report_finalise
from cases.services.hearing import advisor_record

from . import factories

pytestmark = pytest.mark.django_db


def test_the_notice_of_allegations_cannot_be_finalised_as_the_investigation_report(case, manager, investigator):
    conflict_attestation_record(case=case, role="investigator", actor=investigator)
    notice = CaseDocument.objects.create(
        case=case, kind=CaseDocument.Kind.NOTICE, filename="Notice of allegations.pdf", content_type="application/pdf",
        size=1, stored_name="cases/notice.bin", uploaded_by=manager,
    )
    with pytest.raises(ValidationError) as refused:
        investigation_report_finalise(case=case, document=notice, actor=manager)
    assert refused.value.message_dict["document"] == [
        "“Notice of allegations.pdf” is a document of the kind “Notice”, not the investigator's report: upload the "
        "report as a document of the kind “Investigator's report” and choose it (34 CFR 106.45(b)(5)(vii))."
    ]


def test_the_other_party_cannot_be_recorded_as_a_partys_advisor(case, manager):
    complainant = factories.PartyFactory(
        case=case, role=Party.Role.COMPLAINANT, name="Jordan Avery Lee", email="jordan.lee@example.edu"
    )
    respondent = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, name="Riley Park")
    with pytest.raises(ValidationError) as refused:
        advisor_record(advises=respondent, name="Jordan Avery Lee", email="jordan.lee@example.edu", actor=manager)
    assert refused.value.message_dict["advises"] == [
        "A complainant or respondent of this case cannot be another party's advisor (34 CFR 106.45(b)(5)(iv) "
        "and (b)(6)(i)): the advisor is a person apart from the parties."
    ]
    assert not Party.objects.filter(case=case, role=Party.Role.ADVISOR).exists()
    assert advisor_record(advises=respondent, name="Sam Rivera", actor=manager).advises_id == respondent.pk
    assert complainant.role == Party.Role.COMPLAINANT


@pytest.mark.parametrize("role", [CaseRole.DECISION_MAKER, CaseRole.APPEAL_DECISION_MAKER])
def test_a_bias_response_team_member_cannot_decide_a_case(case, coordinator, brt, role):
    with pytest.raises(ValidationError) as refused:
        case_role_assign(case=case, role=role, user=brt, actor=coordinator)
    assert refused.value.message_dict["user"] == [
        f"{CaseRole(role).label} is a role of the office's case staff: the Bias Response Team does not decide, "
        "facilitate or hear cases (34 CFR 106.45(b)(1)(iii): trained decision-makers)."
    ]
