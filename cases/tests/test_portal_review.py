"""Evidence review in the party portal (issue 15 item 4; 34 CFR 106.45(b)(5)(vi)): the party
and the advisor they named download the evidence shared for review and the investigation
report, each as a PDF stamped with their name and the time (and logged), and send a written
response with files until the window closes (refused after, with the date in words); the
response lands in the case as a document and on the timeline. Dates are literal: the clock
is fixed with time-machine. The evidence is sent on 2026-12-01; the regulation's "at least 10
days to submit a written response" makes 2026-12-11 the last day.
"""

import datetime
import io
import json
import time
import zoneinfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pypdf import PdfReader

from cases.models import (
    CaseDeadline,
    CaseDocument,
    Evidence,
    EvidenceResponse,
    Investigation,
    Letter,
    Party,
    PortalDownload,
    TimelineEvent,
)
from cases.portal.session import PARTY_KEY
from cases.services.assignments import conflict_attestation_record
from cases.services.documents import case_document_add, case_document_read
from cases.services.evidence_review import (
    evidence_response_record,
    evidence_review_send,
    investigation_report_finalise,
    investigation_report_send,
)
from cases.services.portal import letter_send_via_portal
from cases.services.portal_account import portal_session_generation
from idhr_portal.crypto import encrypt_str
from idhr_portal.pdf import html_to_pdf

from . import factories
from .test_portal import make_case

pytestmark = pytest.mark.django_db

OFFICE = zoneinfo.ZoneInfo("America/New_York")
SENT_ON = datetime.date(2026, 12, 1)


def at(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=OFFICE)


def review_case(tag="a", names=("Quinlan Zephyrwood", "Marisol Vantablack")):
    """A case whose evidence (a PDF and a text file directly related, one photo not) was sent
    for review on SENT_ON, its letters published in the portal; the complainant has an advisor."""
    manager, case, complainant, respondent = make_case(*names, tag=tag)
    advisor = factories.PartyFactory(
        case=case, role=Party.Role.ADVISOR, advises=complainant, name=f"Advisor Oberlin {tag}",
        email=f"advisor-{tag}@example.org",
    )
    investigation = Investigation.objects.create(case=case, investigator=manager)
    case.investigator = manager  # the manager investigates, having attested (106.45(b)(1)(iii))
    case.save(update_fields=["investigator"])
    conflict_attestation_record(case=case, role="investigator", actor=manager)

    def evidence(filename, data, related, description):
        document = case_document_add(
            case=case, kind="evidence", filename=filename, data=data, actor=manager
        )
        Evidence.objects.create(
            investigation=investigation, description=description, document=document,
            received_on=datetime.date(2026, 11, 20), directly_related=related,
        )
        return document

    pdf = evidence("messages.pdf", html_to_pdf(f"<p>EVIDENCE-PDF-{tag} text messages</p>"), True, "Text messages")
    txt = evidence("log.txt", f"EVIDENCE-TXT-{tag} door log".encode(), True, "Door log")
    unrelated = evidence("other.txt", f"UNRELATED-{tag}".encode(), False, "Unrelated calendar")
    with time_machine.travel(at("2026-12-01 09:00"), tick=False):
        review = evidence_review_send(case=case, actor=manager, sent_on=SENT_ON)
        letters = list(Letter.objects.filter(case=case, regarding=f"cases.evidencereview:{review.pk}"))
        letter_send_via_portal(letters=letters, actor=manager)
    return {
        "manager": manager, "case": case, "c": complainant, "r": respondent, "advisor": advisor,
        "review": review, "pdf": pdf, "txt": txt, "unrelated": unrelated,
    }


def portal_client(party) -> Client:
    """A browser signed in to the portal as `party` (the sign-in itself is tested in test_portal)."""
    client = Client()
    session = client.session
    generation = portal_session_generation(party_id=party.pk)  # "sign out everywhere" counter
    session[PARTY_KEY] = encrypt_str(json.dumps({"party": party.pk, "gen": generation, "seen": time.time()}))
    session.save()
    return client


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def response_post(client, review, text, files=()):
    data = {"text": text}
    if files:
        data["files"] = list(files)
    return client.post(f"/portal/evidence/{review.pk}/", data)


# --- Downloads --------------------------------------------------------------------------------


def test_the_evidence_downloads_as_a_pdf_stamped_with_the_partys_name_and_the_time_and_is_logged():
    t = review_case()
    with time_machine.travel(at("2026-12-03 14:05"), tick=False):
        client = portal_client(t["c"])
        page = client.get(f"/portal/evidence/{t['review'].pk}/")
        assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
        assert "no-store" in page["Cache-Control"]
        assert f"/portal/documents/{t['pdf'].pk}/pdf/" in page.content.decode()
        assert f"/portal/documents/{t['unrelated'].pk}/pdf/" not in page.content.decode()
        download = client.get(f"/portal/documents/{t['pdf'].pk}/pdf/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert "no-store" in download["Cache-Control"]
    text = pdf_text(b"".join(download.streaming_content))
    assert "EVIDENCE-PDF-a text messages" in text  # the evidence itself
    assert "Quinlan Zephyrwood" in text  # the stamp: who
    assert "2026-12-03 14:05" in text  # and when (office time)
    (logged,) = PortalDownload.objects.all()
    assert (logged.party, logged.document, logged.what) == (t["c"], t["pdf"], "evidence")
    assert logged.downloaded_at == at("2026-12-03 14:05")
    # FERPA 34 CFR 99.32: the download is in the case's disclosure log, to the complainant, as evidence review.
    from cases.models import Disclosure

    (disclosure,) = Disclosure.objects.filter(kind="portal_download", document=t["pdf"])
    assert (disclosure.recipient_label, disclosure.recipient_name, disclosure.basis, disclosure.description) == (
        "Complainant",
        "Quinlan Zephyrwood",
        "evidence_review",
        "Evidence shared for review (PDF copy stamped with their name)",
    )


def test_a_text_file_of_evidence_is_laid_out_as_a_stamped_pdf_for_the_advisor_with_their_own_name():
    t = review_case()
    with time_machine.travel(at("2026-12-04 08:30"), tick=False):
        download = portal_client(t["advisor"]).get(f"/portal/documents/{t['txt'].pk}/pdf/")
    data = b"".join(download.streaming_content)
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert "EVIDENCE-TXT-a door log" in text
    assert "Advisor Oberlin a" in text and "2026-12-04 08:30" in text
    assert "Quinlan Zephyrwood" not in text
    assert PortalDownload.objects.get().party == t["advisor"]


def test_the_investigation_report_sent_to_the_party_downloads_stamped():
    t = review_case()
    report_document = case_document_add(
        case=t["case"], kind="investigator_report", filename="report.pdf",
        data=html_to_pdf("<p>REPORT-MARKER summary</p>"), actor=t["manager"],
    )
    with time_machine.travel(at("2026-12-15 10:00"), tick=False):
        for party in (t["c"], t["r"]):
            evidence_response_record(
                review=t["review"], party=party, no_response=True, actor=t["manager"]
            )
        report = investigation_report_finalise(case=t["case"], document=report_document, actor=t["manager"])
        investigation_report_send(report=report, actor=t["manager"])
        letters = list(Letter.objects.filter(regarding=f"cases.investigationreport:{report.pk}"))
        letter_send_via_portal(letters=letters, actor=t["manager"])
        client = portal_client(t["r"])
        assert "Download the investigation report (PDF)" in client.get("/portal/evidence/").content.decode()
        text = pdf_text(b"".join(client.get(f"/portal/documents/{report_document.pk}/pdf/").streaming_content))
    assert "REPORT-MARKER summary" in text and "Marisol Vantablack" in text and "2026-12-15 10:00" in text


def test_evidence_cannot_be_downloaded_once_the_window_closed():
    t = review_case()
    with time_machine.travel(at("2026-12-12 09:00"), tick=False):
        client = portal_client(t["c"])
        assert client.get(f"/portal/documents/{t['pdf'].pk}/pdf/").status_code == 404
        page = client.get(f"/portal/evidence/{t['review'].pk}/").content.decode()
    assert "The time to respond to this evidence ended on December 11, 2026." in page
    assert PortalDownload.objects.count() == 0


# --- Responses --------------------------------------------------------------------------------


def test_a_written_response_with_a_file_lands_in_the_case_as_a_document_and_on_the_timeline():
    t = review_case()
    attachment = SimpleUploadedFile("timeline.txt", b"ATTACHED-MARKER my own notes", content_type="text/plain")
    with time_machine.travel(at("2026-12-11 23:30"), tick=False):  # the last day, late evening
        client = portal_client(t["c"])
        answer = response_post(client, t["review"], "RESPONSE-MARKER I was not there that night.", [attachment])
        assert answer.status_code == 302
        page = client.get(answer["Location"]).content.decode()
    assert "your written response was received and added to the case" in page
    response = EvidenceResponse.objects.get()
    assert (response.party, response.submitted_by, response.recorded_by) == (t["c"], t["c"], None)
    assert response.received_on == datetime.date(2026, 12, 11)
    assert response.document.kind == CaseDocument.Kind.EVIDENCE_RESPONSE
    assert response.document.uploaded_by is None and response.document.uploaded_by_party == t["c"]
    assert "RESPONSE-MARKER I was not there that night." in pdf_text(
        case_document_read(document=response.document)
    )
    (attached,) = response.document.attachments.all()
    assert case_document_read(document=attached) == b"ATTACHED-MARKER my own notes"
    deadline = CaseDeadline.objects.get(kind="evidence_response", party=t["c"])
    assert deadline.state == CaseDeadline.State.MET
    summaries = list(TimelineEvent.objects.filter(case=t["case"]).values_list("summary", flat=True))
    assert "Written response to the evidence submitted in the portal by the complainant" in summaries


def test_the_advisor_responds_for_the_party_they_advise():
    t = review_case()
    with time_machine.travel(at("2026-12-05 12:00"), tick=False):
        assert response_post(portal_client(t["advisor"]), t["review"], "From the advisor").status_code == 302
    response = EvidenceResponse.objects.get()
    assert (response.party, response.submitted_by) == (t["c"], t["advisor"])


def test_a_response_after_the_window_is_refused_with_the_date_and_keeps_what_was_typed():
    t = review_case()
    with time_machine.travel(at("2026-12-12 00:05"), tick=False):
        answer = response_post(portal_client(t["r"]), t["review"], "LATE-MARKER my answer")
    page = answer.content.decode()
    assert answer.status_code == 400
    assert "The time to respond to this evidence ended on 2026-12-11. Please contact the IDHR Office." in page
    assert "LATE-MARKER my answer" in page
    assert EvidenceResponse.objects.count() == 0
    assert not CaseDocument.objects.filter(kind="evidence_response").exists()


def test_an_empty_response_or_a_file_of_the_wrong_type_is_refused_beside_the_field():
    t = review_case()
    with time_machine.travel(at("2026-12-05 12:00"), tick=False):
        client = portal_client(t["r"])
        empty = response_post(client, t["review"], "   ")
        program = SimpleUploadedFile("run.exe", b"MZ\x90\x00\x03binary\x00\x00", content_type="application/pdf")
        wrong = response_post(client, t["review"], "KEPT-MARKER words", [program])
    assert empty.status_code == 400 and "Write your response in the box." in empty.content.decode()
    page = wrong.content.decode()
    assert wrong.status_code == 400 and "is not a file type a case document may be" in page
    assert "KEPT-MARKER words" in page
    assert EvidenceResponse.objects.count() == 0 and not CaseDocument.objects.filter(kind="evidence_response").exists()


def test_a_second_response_is_refused():
    t = review_case()
    with time_machine.travel(at("2026-12-05 12:00"), tick=False):
        client = portal_client(t["r"])
        assert response_post(client, t["review"], "First").status_code == 302
        again = response_post(client, t["review"], "Second")
    assert again.status_code == 400 and "already received" in again.content.decode()
    assert EvidenceResponse.objects.count() == 1


def test_the_staff_path_still_needs_a_staff_user_who_may_edit():
    t = review_case()
    other = factories.case_manager(username="stranger")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        evidence_response_record(review=t["review"], party=t["c"], no_response=True, actor=other)
    with pytest.raises(PermissionDenied):  # a party of another case cannot act on this one
        evidence_response_record(
            review=t["review"], party=t["c"], document=t["pdf"], actor=None, by_party=review_case("b")["c"]
        )


def test_the_coordinator_reads_who_downloaded_what_and_when(client, groups):
    t = review_case()
    with time_machine.travel(at("2026-12-03 14:05"), tick=False):
        portal_client(t["r"]).get(f"/portal/documents/{t['pdf'].pk}/pdf/")
    client.force_login(factories.coordinator(username="lead"))
    page = client.get("/admin/cases/portaldownload/")
    assert page.status_code == 200
    text = page.content.decode()
    assert t["case"].reference in text and "Respondent" in text and "Evidence shared for review" in text
    client.force_login(t["manager"])
    assert client.get("/admin/cases/portaldownload/").status_code == 403
