"""Letters to the parties: their text (34 CFR 106.45, 2020), their PDF, the notices of
meetings and the notice of allegations before any interview.

Expected statements are written out from the regulation's paragraphs, never read from
the templates under test.
"""

import datetime
import io
import types
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone
from pypdf import PdfReader

from cases.models import Allegation, CaseDocument, Interview, Investigation, Letter, Meeting, Party
from cases.services.allegations import allegation_add
from cases.services.assignments import conflict_attestation_record
from cases.services.documents import case_document_add, case_document_read, document_store
from cases.services.investigation import interview_save
from cases.services.letters import letter_mark_sent, letter_prepare
from cases.services.measures import supportive_measure_letter_prepare, supportive_measure_notice_render
from cases.services.meetings import meeting_schedule
from idhr_portal.pdf import html_to_pdf

from . import factories

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def _case():
    manager = factories.case_manager()
    case = factories.CaseFactory(case_manager=manager, process_track="student_cod")
    complainant = factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT, name="Jordan Lee")
    respondent = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, name="Alex Morgan")
    Allegation.objects.create(
        case=case,
        number=1,
        respondent=respondent,
        complainant=complainant,
        conduct="Touched the complainant without consent at a party",
        policy_provision="Mind and Hand Book II(7)(E)(2) Nonconsensual sexual contact",
        occurred_on=datetime.date(2026, 10, 3),
        place="Building 32, room 123",
        added_by=manager,
    )
    return manager, case, complainant, respondent


def test_notice_of_allegations_pdf_states_what_106_45_b_2_requires():
    manager, case, complainant, respondent = _case()
    letters = letter_prepare(
        case=case, kind="allegations", recipients=[complainant, respondent], actor=manager
    )
    assert [letter.recipient for letter in letters] == [complainant, respondent]
    for letter in letters:
        assert letter.document is not None and letter.document.kind == CaseDocument.Kind.NOTICE
        assert letter.document.content_type == "application/pdf"
        data = case_document_read(document=letter.document)
        assert data[:5] == b"%PDF-"
        # Stored encrypted: the file on disk is not the PDF.
        raw = (document_store.root / letter.document.stored_name).read_bytes()
        assert b"%PDF-" not in raw[:64] and b"Alex Morgan" not in raw
        text = pdf_text(data)
        # (b)(2)(i)(B): the allegations with the parties, the conduct, the date and the place.
        assert "Touched the complainant without consent at a party" in text
        assert "Alex Morgan" in text and "Jordan Lee" in text
        assert "October 3, 2026" in text and "Building 32, room 123" in text
        # (b)(2)(i)(A): the process and informal resolution.
        assert "informal resolution" in text.lower()
        assert "at least 10 days to submit a written response" in text
        # (b)(2)(i)(B): presumption of non-responsibility.
        assert "The respondent is presumed not responsible for the alleged conduct" in text
        assert "a determination regarding responsibility is made only at the conclusion of the grievance process" in text
        # Advisor of choice, who may be an attorney; inspect and review evidence.
        assert "advisor of your choice, who may be, but is not required to be, an attorney" in text
        assert "inspect and review the evidence" in text
        # The provision against knowingly false statements.
        assert "knowingly making false statements or knowingly submitting false information" in text
        # The letterhead.
        assert "Institute Discrimination and Harassment Response Office (IDHR)" in text
    assert "To: Jordan Lee, Complainant" in pdf_text(case_document_read(document=letters[0].document))
    assert "To: Alex Morgan, Respondent" in pdf_text(case_document_read(document=letters[1].document))


def test_pdf_loads_nothing_from_another_site_or_the_disk(tmp_path, live_server):
    secret = tmp_path / "secret.css"
    secret.write_text("h1::after { content: 'LEAKED FROM DISK' }")
    html = (
        f'<link rel="stylesheet" href="{live_server.url}/static/css/site.css">'
        f'<link rel="stylesheet" href="file://{secret}">'
        f'<img src="{live_server.url}/favicon.svg" alt="remote">'
        "<h1>Letter</h1>"
    )
    text = pdf_text(html_to_pdf(html))
    assert "Letter" in text and "LEAKED FROM DISK" not in text


def test_a_template_naming_a_remote_url_still_makes_a_pdf_without_loading_it(live_server):
    calls = []
    from weasyprint.urls import URLFetcher

    original = URLFetcher.fetch

    def spy(self, url, headers=None):
        calls.append(url)
        return original(self, url, headers)

    URLFetcher.fetch = spy
    try:
        data = html_to_pdf(f'<img src="{live_server.url}/static/favicon.svg" alt="x"><p>Body text</p>')
    finally:
        URLFetcher.fetch = original
    assert "Body text" in pdf_text(data)
    assert calls == []  # refused before the default fetcher was ever asked


def test_supplemental_notice_lists_the_new_allegations():
    manager, case, complainant, respondent = _case()
    Allegation.objects.create(
        case=case,
        number=2,
        respondent=respondent,
        complainant=complainant,
        conduct="Sent threatening messages after the complaint was filed",
        policy_provision="Mind and Hand Book II(20) Retaliation",
        occurred_on_note="early November 2026",
        supplemental=True,
        added_by=manager,
    )
    letter = letter_prepare(
        case=case, kind="supplemental_allegations", recipients=[respondent], actor=manager
    )[0]
    text = pdf_text(case_document_read(document=letter.document))
    assert "New allegations" in text
    assert "Sent threatening messages after the complaint was filed" in text
    assert "early November 2026" in text
    assert "presumed not responsible" in text


def test_dismissal_notice_gives_ground_reason_appeal_and_continuation():
    manager, case, complainant, respondent = _case()
    dismissal = types.SimpleNamespace(
        get_ground_display=lambda: "The conduct did not occur against a person in the United States",
        reason="The incident took place during a semester abroad in Madrid.",
        continues_on_track=True,
        appeal_deadline=datetime.date(2026, 12, 14),
    )
    letters = letter_prepare(
        case=case,
        kind="dismissal",
        recipients=[complainant, respondent],
        actor=manager,
        extra={"dismissal": dismissal},
        batch=True,
    )
    assert letters[0].batch == letters[1].batch is not None
    text = pdf_text(case_document_read(document=letters[0].document))
    assert "The conduct did not occur against a person in the United States" in text
    assert "semester abroad in Madrid" in text
    assert "procedural irregularity that affected the outcome" in text
    assert "new evidence that was not reasonably available" in text
    assert "conflict of interest or bias" in text
    assert "Monday, December 14, 2026" in text
    # Student respondent: the COD's non-Title-IX procedures (seed 003, section I).
    assert "Sexual Misconduct Hearing Procedures (Non-Title IX Sexual Harassment)" in text


def test_outcome_letter_states_what_106_45_b_7_ii_requires():
    manager, case, complainant, respondent = _case()
    allegation = Allegation.objects.get(case=case, number=1)
    finding = types.SimpleNamespace(
        allegation=allegation,
        findings_of_fact="Two witnesses saw the respondent leave the room before the time stated.",
        policy_provision="Mind and Hand Book II(7)(E)(2)",
        get_result_display=lambda: "Not responsible",
        rationale="The evidence does not show the conduct more likely than not occurred.",
    )
    determination = types.SimpleNamespace(
        findings=[finding],
        sanctions=[],
        remedies_provided=False,
        appeal_deadline=datetime.date(2026, 12, 21),
    )
    steps = [
        "2026-10-05 Formal complaint signed",
        "2026-10-07 Notice of allegations sent to both parties",
        "2026-11-20 Live hearing held",
    ]
    letter = letter_prepare(
        case=case, kind="outcome", recipients=[respondent], actor=manager,
        extra={"determination": determination, "procedural_steps": steps},
    )[0]
    text = pdf_text(case_document_read(document=letter.document))
    assert "Touched the complainant without consent at a party" in text
    assert "2026-10-07 Notice of allegations sent to both parties" in text
    assert "Two witnesses saw the respondent leave the room" in text
    assert "Not responsible" in text
    assert "The evidence does not show the conduct more likely than not occurred." in text
    assert "No disciplinary sanctions are imposed" in text
    assert "No remedies are provided to the complainant" in text
    assert "procedural irregularity that affected the outcome" in text
    assert "Monday, December 21, 2026" in text


def test_delay_notice_gives_the_reason_and_both_dates():
    manager, case, complainant, respondent = _case()
    extension = types.SimpleNamespace(
        get_cause_display=lambda: "Concurrent law enforcement activity",
        reason="Cambridge Police asked IDHR to wait while they interview a witness.",
        previous_due_on=datetime.date(2026, 12, 7),
        new_due_on=datetime.date(2026, 12, 17),
    )
    deadline = types.SimpleNamespace(label="Written response to the evidence")
    letter = letter_prepare(
        case=case,
        kind="delay",
        recipients=[complainant],
        actor=manager,
        extra={"extension": extension, "deadline": deadline},
    )[0]
    text = pdf_text(case_document_read(document=letter.document))
    for expected in (
        "Written response to the evidence",
        "December 7, 2026",
        "December 17, 2026",
        "Concurrent law enforcement activity",
        "Cambridge Police asked IDHR to wait while they interview a witness.",
    ):
        assert expected in text


def test_informal_resolution_notice_states_what_106_45_b_9_i_requires():
    manager, case, complainant, respondent = _case()
    letter = letter_prepare(case=case, kind="informal_resolution", recipients=[respondent], actor=manager)[0]
    text = pdf_text(case_document_read(document=letter.document))
    assert "Touched the complainant without consent at a party" in text  # the allegations
    assert "voluntary, written consent of both" in text  # the requirements
    assert "the formal complaint cannot be resumed on the same allegations" in text  # when it precludes resuming
    assert "At any time before you agree to a resolution, you may withdraw" in text
    assert "for at least seven years" in text  # the records kept


def test_evidence_review_letter_gives_at_least_ten_days():
    manager, case, complainant, respondent = _case()
    deadline = types.SimpleNamespace(due_on=datetime.date(2026, 12, 10))
    letter = letter_prepare(
        case=case, kind="evidence_review", recipients=[complainant], actor=manager, extra={"deadline": deadline}
    )[0]
    text = pdf_text(case_document_read(document=letter.document))
    assert "You have at least 10 days to submit a written response to the evidence." in text
    assert "Thursday, December 10, 2026" in text


def test_supportive_measure_notice_says_what_whom_and_from_when():
    manager, case, complainant, respondent = _case()
    measure = factories.SupportiveMeasureFactory(
        case=case,
        party=complainant,
        kind="no_contact_order",
        details="Mutual no-contact order between the parties",
        requested_on=datetime.date(2026, 11, 2),
        effective_on=datetime.date(2026, 11, 4),
        created_by=manager,
    )
    notice = supportive_measure_notice_render(measure=measure)
    assert "Mutual no-contact order between the parties" in notice
    assert "Whom it covers: Jordan Lee, complainant" in notice
    assert "It is in effect from November 4, 2026." in notice
    letter = supportive_measure_letter_prepare(measure=measure, actor=manager)
    text = pdf_text(case_document_read(document=letter.document))
    assert "Mutual no-contact order between the parties" in text
    assert "Jordan Lee, complainant" in text
    assert "November 4, 2026" in text


# --- Meetings: 106.45(b)(5)(v) ---------------------------------------------------------


@override_settings(PROCESS_MEETING_NOTICE_DAYS=5)
def test_meeting_notice_refused_below_the_minimum_unless_waived_in_writing():
    manager, case, complainant, respondent = _case()
    eastern = zoneinfo.ZoneInfo("America/New_York")
    today = timezone.localdate()
    four_days = datetime.datetime.combine(today + datetime.timedelta(days=4), datetime.time(10, 0), tzinfo=eastern)
    five_days = datetime.datetime.combine(today + datetime.timedelta(days=5), datetime.time(14, 30), tzinfo=eastern)
    details = {
        "case": case,
        "kind": Meeting.Kind.INTERVIEW,
        "party": respondent,
        "place": "Building W31, room 223",
        "participants": "Investigator Dana Cruz; the respondent's advisor",
        "purpose": "Initial interview about allegation 1",
        "actor": manager,
    }
    with pytest.raises(ValidationError) as refused:
        meeting_schedule(starts_at=four_days, **details)
    assert "at least 5 calendar days' notice: this is 4" in str(refused.value)
    assert not Meeting.objects.exists() and not Letter.objects.exists()

    meeting, letter = meeting_schedule(starts_at=five_days, **details)
    assert letter.kind == "meeting" and letter.recipient == respondent
    assert letter.regarding == f"cases.meeting:{meeting.pk}"
    text = pdf_text(case_document_read(document=letter.document))
    for expected in (
        (today + datetime.timedelta(days=5)).strftime("%B %-d, %Y"),
        "2:30 PM",
        "Building W31, room 223",
        "Investigator Dana Cruz; the respondent's advisor",
        "Initial interview about allegation 1",
    ):
        assert expected in text

    waiver = case_document_add(
        case=case, kind=CaseDocument.Kind.OTHER, filename="waiver.txt", data=b"I waive the notice period.", actor=manager
    )
    meeting, letter = meeting_schedule(starts_at=four_days, waiver_document=waiver, **details)
    assert meeting.short_notice_waived and meeting.waiver_document == waiver
    assert "You agreed in writing" in letter.html


# --- 106.45(b)(2): notice of allegations before any interview ---------------------------


def test_no_interview_before_the_notice_of_allegations_was_sent_to_every_known_party():
    manager, case, complainant, respondent = _case()
    investigation = Investigation.objects.create(case=case)

    def interview():
        return Interview(investigation=investigation, party=complainant, interviewed_on=timezone.localdate())

    with pytest.raises(ValidationError) as refused:
        interview_save(interview=interview(), actor=manager)
    assert "complainant, respondent" in str(refused.value)

    letters = letter_prepare(case=case, kind="allegations", recipients=[complainant, respondent], actor=manager)
    with pytest.raises(ValidationError):  # prepared is not sent
        interview_save(interview=interview(), actor=manager)

    letter_mark_sent(letters=letters[:1], channel="post", actor=manager)
    with pytest.raises(ValidationError) as refused:  # sent to the complainant only
        interview_save(interview=interview(), actor=manager)
    assert "respondent" in str(refused.value) and "complainant" not in str(refused.value).split(":")[-1]

    letter_mark_sent(letters=letters[1:], channel="in_person", actor=manager)
    with pytest.raises(ValidationError) as refused:  # 106.45(b)(1)(iii): the investigator has not attested
        interview_save(interview=interview(), actor=manager)
    assert "Assign the investigator" in str(refused.value)
    case.investigator = factories.investigator(username="ines")
    case.save(update_fields=["investigator"])
    conflict_attestation_record(case=case, role="investigator", actor=case.investigator)
    saved = interview_save(interview=interview(), actor=manager)
    assert saved.pk is not None


def test_allegations_are_numbered_and_those_after_the_notice_are_supplemental():
    manager, case, complainant, respondent = _case()  # allegation 1 exists, no notice yet
    second = allegation_add(
        case=case, respondent=respondent, complainant=complainant, conduct="Followed the complainant home",
        policy_provision="II(7)(G) Stalking", actor=manager,
    )
    assert second.number == 2 and not second.supplemental
    letter_prepare(case=case, kind="allegations", recipients=[complainant, respondent], actor=manager)
    third = allegation_add(
        case=case, respondent=respondent, conduct="Posted about the complainant online",
        policy_provision="II(20) Retaliation", actor=manager,
    )
    assert third.number == 3 and third.supplemental
    with pytest.raises(ValidationError) as refused:
        allegation_add(case=case, respondent=complainant, conduct="x", policy_provision="y", actor=manager)
    assert "respondent" in refused.value.message_dict


def test_the_investigation_records_the_day_the_last_party_was_sent_the_notice():
    manager, case, complainant, respondent = _case()
    investigation = Investigation.objects.create(case=case)
    letters = letter_prepare(case=case, kind="allegations", recipients=[complainant, respondent], actor=manager)
    eastern = zoneinfo.ZoneInfo("America/New_York")
    letter_mark_sent(
        letters=letters[:1], channel="post", actor=manager, sent_at=datetime.datetime(2026, 11, 2, 9, tzinfo=eastern)
    )
    investigation.refresh_from_db()
    assert investigation.notice_of_allegations_on is None  # the respondent has not been sent it
    letter_mark_sent(
        letters=letters[1:], channel="in_person", actor=manager,
        sent_at=datetime.datetime(2026, 11, 4, 16, tzinfo=eastern),
    )
    investigation.refresh_from_db()
    assert investigation.notice_of_allegations_on == datetime.date(2026, 11, 4)
