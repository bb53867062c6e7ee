"""Evidence without a file (34 CFR 106.45(b)(5)(vi)): the evidence directly related to the
allegations is sent to each party and advisor "in an electronic format or a hard copy", and
each has at least 10 days to respond. Sending evidence that has no file, with no word on how
to inspect it, would start the clock with nothing to review (the walk of issue 24 found the
party's page saying "There are no files to download"): refused, the letter lists every item
sent and states how to inspect those without a file, and the party's page shows the same.
"""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cases.models import CaseDeadline, Evidence, EvidenceReview, Letter
from cases.services.assignments import conflict_attestation_record
from cases.services.documents import case_document_add
from cases.services.evidence_review import evidence_review_send
from cases.services.portal import letter_send_via_portal

from .test_portal import make_case
from .test_portal_review import OFFICE, portal_client

pytestmark = pytest.mark.django_db
SENT_ON = datetime.date(2026, 12, 1)
ARRANGEMENT = "A hard copy of each item is ready at the IDHR Office, Building W31-223, weekdays 9 am to 4 pm until 11 December."


@pytest.fixture
def paper_evidence():
    """A case whose only directly related evidence is two items with no file (a paper note and
    a shirt), and one PDF that is not directly related."""
    manager, case, complainant, respondent = make_case("Quinlan Zephyrwood", "Marisol Vantablack", tag="ins")
    from cases.models import Investigation

    investigation = Investigation.objects.create(case=case, investigator=manager)
    case.investigator = manager
    case.save(update_fields=["investigator"])
    conflict_attestation_record(case=case, role="investigator", actor=manager)
    for description in ("Handwritten note left on the door", "Shirt worn that evening"):
        Evidence.objects.create(
            investigation=investigation, description=description, received_on=datetime.date(2026, 11, 20),
            directly_related=True,
        )
    return manager, case, complainant, respondent


def test_sending_evidence_that_has_no_file_without_saying_how_to_inspect_it_is_refused(paper_evidence):
    manager, case, complainant, respondent = paper_evidence
    with pytest.raises(ValidationError) as refused:
        evidence_review_send(case=case, actor=manager, sent_on=SENT_ON)
    assert refused.value.message_dict["inspection_arrangement"] == [
        "2 items of evidence have no file to send: attach their files on the investigation, or say here how "
        "and when the parties and advisors may inspect them (a hard copy, or an appointment at the office), "
        "34 CFR 106.45(b)(5)(vi)."
    ]
    assert not EvidenceReview.objects.filter(case=case).exists()
    assert not CaseDeadline.objects.filter(case=case, kind=CaseDeadline.Kind.EVIDENCE_RESPONSE).exists()
    assert not Letter.objects.filter(case=case, kind="evidence_review").exists()


def test_the_letter_and_the_party_page_list_every_item_and_how_to_inspect_it(paper_evidence):
    manager, case, complainant, respondent = paper_evidence
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, tzinfo=OFFICE), tick=False):
        review = evidence_review_send(
            case=case, actor=manager, sent_on=SENT_ON, inspection_arrangement=ARRANGEMENT
        )
        letters = list(Letter.objects.filter(case=case, regarding=f"cases.evidencereview:{review.pk}"))
        letter_send_via_portal(letters=letters, actor=manager)
    assert {letter.recipient for letter in letters} == {complainant, respondent}
    for letter in letters:
        assert "Handwritten note left on the door" in letter.html
        assert "Shirt worn that evening" in letter.html
        assert ARRANGEMENT in letter.html
    with time_machine.travel(datetime.datetime(2026, 12, 3, 10, tzinfo=OFFICE), tick=False):
        page = portal_client(complainant).get(f"/portal/evidence/{review.pk}/").content.decode()
    assert "Handwritten note left on the door" in page and "Shirt worn that evening" in page
    assert ARRANGEMENT in page
    assert "There are no files to download" not in page


def test_a_file_added_after_the_review_is_not_offered_as_sent(paper_evidence):
    manager, case, complainant, respondent = paper_evidence
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, tzinfo=OFFICE), tick=False):
        review = evidence_review_send(
            case=case, actor=manager, sent_on=SENT_ON, inspection_arrangement=ARRANGEMENT
        )
        letter_send_via_portal(
            letters=list(Letter.objects.filter(case=case, regarding=f"cases.evidencereview:{review.pk}")),
            actor=manager,
        )
        later = case_document_add(
            case=case, kind="evidence", filename="later.txt", data=b"LATER", actor=manager
        )
        Evidence.objects.create(
            investigation=case.investigation, description="Statement received later", document=later,
            received_on=datetime.date(2026, 12, 1), directly_related=True,
        )
    with time_machine.travel(datetime.datetime(2026, 12, 3, 10, tzinfo=OFFICE), tick=False):
        client = portal_client(complainant)
        page = client.get(f"/portal/evidence/{review.pk}/").content.decode()
        assert "Statement received later" not in page
        assert client.get(f"/portal/documents/{later.pk}/pdf/").status_code == 404
