"""The case page of a Title IX case at the hearing stage: the query count does not grow with
its parties, advisors, allegations, letters, evidence, responses, clocks or rulings (issue 14)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import (
    Allegation,
    Case,
    CaseDeadline,
    CaseRole,
    Evidence,
    EvidenceResponse,
    EvidenceReview,
    Hearing,
    Investigation,
    Letter,
    Party,
    RelevanceRuling,
)
from cases.services.assignments import case_role_assign, conflict_attestation_record
from cases.services.letters import letter_template_current

from . import factories

pytestmark = pytest.mark.django_db


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def hearing_case(manager, investigator, coordinator):
    case = factories.CaseFactory(
        case_manager=manager, investigator=investigator, status=Case.Status.INVESTIGATION,
        title_ix_category=True, ti_in_program_at_filing=True, ti_in_institute_program=True, ti_in_united_states=True,
    )
    Investigation.objects.create(case=case, investigator=investigator)
    decider = factories.investigator(username="dee")
    case_role_assign(case=case, role=CaseRole.DECISION_MAKER, user=decider, actor=coordinator)
    conflict_attestation_record(case=case, role=CaseRole.DECISION_MAKER, actor=decider)
    now = timezone.now()
    review = EvidenceReview.objects.create(
        case=case, sent_on=timezone.localdate() - datetime.timedelta(days=40), evidence_count=1, sent_by=investigator
    )
    hearing = Hearing.objects.create(
        case=case, scheduled_at=now - datetime.timedelta(days=1), notice_on=review.sent_on, status="held",
        held_at=now - datetime.timedelta(days=1), scheduled_by=manager,
    )
    return case, review, hearing, decider


def _populate(case, review, hearing, decider, actor, pairs):
    """`pairs` complainant/respondent pairs, each with an advisor and what the process gives them."""
    investigation = Investigation.objects.get(case=case)
    template = letter_template_current("hearing")
    start = Allegation.objects.filter(case=case).count()
    for i in range(pairs):
        complainant = factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT)
        respondent = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT)
        Allegation.objects.create(
            case=case, number=start + i + 1, respondent=respondent, complainant=complainant,
            conduct="Conduct", policy_provision="9.8", added_by=actor,
        )
        for party in (complainant, respondent):
            advisor = Party.objects.create(case=case, role=Party.Role.ADVISOR, name="Advisor", advises=party)
            for recipient in (party, advisor):
                Letter.objects.create(
                    case=case, kind="hearing", template=template, recipient=recipient, html="<p>x</p>",
                    prepared_by=actor, sent_at=timezone.now(), sent_channel="portal", sent_by=actor,
                )
            EvidenceResponse.objects.create(review=review, party=party, no_response=True, recorded_by=actor)
            CaseDeadline.objects.create(
                case=case, kind="evidence_response", label="Response", basis="106.45(b)(5)(vi)", start_event="Sent",
                starts_on=review.sent_on, length_days=10, due_on=review.sent_on + datetime.timedelta(days=10),
                for_whom="party", party=party, regarding=f"cases.evidencereview:{review.pk}",
            )
            RelevanceRuling.objects.create(
                hearing=hearing, question_summary="Q", asked_for=party, ruling="relevant", ruled_by=decider
            )
        Evidence.objects.create(
            investigation=investigation, description="Item", received_on=review.sent_on, directly_related=True
        )


def test_hearing_case_page_query_count_does_not_grow_with_the_process(client, coordinator, hearing_case):
    case, review, hearing, decider = hearing_case
    client.force_login(coordinator)
    url = reverse("admin:cases_case_change", args=[case.pk])
    _populate(case, review, hearing, decider, coordinator, 1)
    few = _queries(client, url)
    _populate(case, review, hearing, decider, coordinator, 8)
    many = _queries(client, url)
    assert many == few, (few, many)
