"""Evidence review, the investigation report and the live hearing, from 34 CFR 106.45 (2020).

(b)(5)(vi): the evidence directly related to the allegations goes to each party and advisor,
each has at least 10 days to respond in writing, and the report is final only after that.
(b)(5)(vii): the report goes to each party and advisor at least 10 days before the hearing.
(b)(6)(i): a live hearing with an advisor for each party (the office appoints one when a party
has none), relevance decided and explained before a question is answered, and a recording or
transcript. Expected dates and refusals are written out from the regulation.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from cases.models import (
    Case,
    CaseDeadline,
    CaseRole,
    Evidence,
    EvidenceResponse,
    Hearing,
    Investigation,
    Letter,
    Party,
    RelevanceRuling,
)
from cases.selectors.hearing import report_finalise_refusal
from cases.services.assignments import case_role_assign, conflict_attestation_record
from cases.services.documents import case_document_add
from cases.services.evidence_review import (
    evidence_response_record,
    evidence_review_send,
    investigation_report_finalise,
    investigation_report_send,
)
from cases.services.extensions import deadline_extend
from cases.services.hearing import (
    advisor_record,
    hearing_mark_held,
    hearing_record_attach,
    hearing_schedule,
    relevance_ruling_record,
)
from cases.services.letters import letter_mark_sent
from cases.services.parties import party_save
from cases.services.workflow import case_transition_refusal

from . import factories

pytestmark = pytest.mark.django_db


def _at(day: str, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(day).replace(hour=hour))


def _doc(case, actor, kind="other", name="file.txt"):
    return case_document_add(
        case=case, kind=kind, filename=name, content_type="text/plain", data=b"text", actor=actor
    )


@pytest.fixture
def title_ix(groups):
    """A Title IX case in formal investigation with both parties and one piece of related evidence."""
    manager = factories.case_manager(username="morgan")
    investigator = factories.investigator(username="ines")
    case = factories.CaseFactory(
        case_manager=manager,
        investigator=investigator,
        status=Case.Status.INVESTIGATION,
        title_ix_category=True,
        ti_in_program_at_filing=True,
        ti_in_institute_program=True,
        ti_in_united_states=True,
    )
    assert case.is_title_ix
    complainant = factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT, name="Jordan Lee")
    respondent = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, name="Alex Morgan")
    investigation = Investigation.objects.create(case=case, investigator=investigator)
    conflict_attestation_record(case=case, role="investigator", actor=investigator)
    Evidence.objects.create(
        investigation=investigation,
        description="Messages",
        document=case_document_add(
            case=case, kind="evidence", filename="messages.txt", data=b"Messages", actor=investigator
        ),
        received_on=datetime.date(2026, 10, 1),
        directly_related=True,
    )
    Evidence.objects.create(
        investigation=investigation, description="Unrelated calendar", received_on=datetime.date(2026, 10, 1)
    )
    return {"case": case, "manager": manager, "investigator": investigator, "c": complainant, "r": respondent}


def _deliver(t, kind, on):
    """Mark the case's unsent letters of `kind` sent (by post) at 09:00 on `on`."""
    letters = list(Letter.objects.filter(case=t["case"], kind=kind, sent_at__isnull=True))
    letter_mark_sent(letters=letters, channel="post", actor=t["manager"], sent_at=_at(on.isoformat(), 9))


def _review_answered(t, sent_on=datetime.date(2026, 11, 1)):
    review = evidence_review_send(case=t["case"], actor=t["investigator"], sent_on=sent_on)
    _deliver(t, "evidence_review", sent_on)
    for party in (t["c"], t["r"]):
        evidence_response_record(
            review=review,
            party=party,
            received_on=sent_on + datetime.timedelta(days=3),
            document=_doc(t["case"], t["investigator"], "evidence_response"),
            actor=t["investigator"],
        )
    return review


def _report_sent(t, sent_on):
    """Evidence sent 20 days and the report finalised 5 days before `sent_on`, then the report sent."""
    _review_answered(t, sent_on=sent_on - datetime.timedelta(days=20))
    report = investigation_report_finalise(
        case=t["case"],
        document=_doc(t["case"], t["investigator"], "investigator_report"),
        actor=t["investigator"],
        finalised_on=sent_on - datetime.timedelta(days=5),
    )
    report = investigation_report_send(report=report, actor=t["investigator"], sent_on=sent_on)
    _deliver(t, "investigation_report", sent_on)
    return report


def _panel(case):
    coordinator = factories.coordinator(username="coord")
    decider = factories.investigator(username="dee")
    case_role_assign(case=case, role=CaseRole.DECISION_MAKER, user=decider, actor=coordinator)
    conflict_attestation_record(case=case, role=CaseRole.DECISION_MAKER, actor=decider)
    return decider


# --- (b)(5)(vi) evidence review -----------------------------------------------------------------


def test_evidence_goes_to_both_parties_and_advisors_and_each_party_has_ten_days(title_ix):
    t = title_ix
    advisor_record(advises=t["c"], name="Sam Advisor", actor=t["manager"])
    evidence_review_send(case=t["case"], actor=t["investigator"], sent_on=datetime.date(2026, 11, 2))

    letters = Letter.objects.filter(case=t["case"], kind="evidence_review")
    assert sorted(letter.recipient.role for letter in letters) == ["advisor", "complainant", "respondent"]
    clocks = CaseDeadline.objects.filter(case=t["case"], kind="evidence_response").order_by("party__role")
    # Sent Monday 2 November 2026: 10 calendar days later is Thursday 12 November 2026.
    assert [(c.party.role, c.due_on, c.basis) for c in clocks] == [
        ("complainant", datetime.date(2026, 11, 12), "34 CFR 106.45(b)(5)(vi)"),
        ("respondent", datetime.date(2026, 11, 12), "34 CFR 106.45(b)(5)(vi)"),
    ]


def test_nothing_is_sent_when_no_evidence_is_marked_directly_related(title_ix):
    Evidence.objects.filter(investigation__case=title_ix["case"]).update(directly_related=False)
    with pytest.raises(ValidationError, match="Mark the evidence directly related"):
        evidence_review_send(case=title_ix["case"], actor=title_ix["investigator"])
    assert not Letter.objects.filter(case=title_ix["case"]).exists()


def test_a_written_response_closes_that_partys_clock_as_met(title_ix):
    t = title_ix
    review = evidence_review_send(case=t["case"], actor=t["investigator"], sent_on=datetime.date(2026, 11, 2))
    document = _doc(t["case"], t["investigator"], "evidence_response", "response.txt")
    evidence_response_record(
        review=review, party=t["c"], received_on=datetime.date(2026, 11, 9), document=document, actor=t["investigator"]
    )
    states = dict(CaseDeadline.objects.filter(case=t["case"]).values_list("party__role", "state"))
    assert states == {"complainant": "met", "respondent": "open"}
    assert EvidenceResponse.objects.get(party=t["c"]).document == document


def test_no_response_cannot_be_recorded_while_the_party_may_still_respond(title_ix):
    t = title_ix
    review = evidence_review_send(case=t["case"], actor=t["investigator"])
    with pytest.raises(ValidationError, match="may still respond until"):
        evidence_response_record(review=review, party=t["r"], no_response=True, actor=t["investigator"])


def test_report_refused_before_the_response_window_closed_and_allowed_the_day_after(title_ix):
    t = title_ix
    _review_answered(t, sent_on=datetime.date(2026, 11, 1))  # window ends 11 November 2026
    report_doc = _doc(t["case"], t["investigator"], "investigator_report")
    with pytest.raises(ValidationError) as refused:
        investigation_report_finalise(
            case=t["case"], document=report_doc, actor=t["investigator"], finalised_on=datetime.date(2026, 11, 11)
        )
    assert refused.value.messages == [
        "The parties may respond to the evidence until 2026-11-11: the report can be finalised after that."
    ]
    report = investigation_report_finalise(
        case=t["case"], document=report_doc, actor=t["investigator"], finalised_on=datetime.date(2026, 11, 12)
    )
    assert report.finalised_on == datetime.date(2026, 11, 12)


def test_report_refused_until_each_partys_response_or_its_absence_is_recorded(title_ix):
    t = title_ix
    review = evidence_review_send(case=t["case"], actor=t["investigator"], sent_on=datetime.date(2026, 11, 1))
    _deliver(t, "evidence_review", datetime.date(2026, 11, 1))
    evidence_response_record(
        review=review,
        party=t["c"],
        received_on=datetime.date(2026, 11, 5),
        document=_doc(t["case"], t["investigator"], "evidence_response"),
        actor=t["investigator"],
    )
    report_doc = _doc(t["case"], t["investigator"], "investigator_report")
    with pytest.raises(ValidationError, match="Record the respondent's written response"):
        investigation_report_finalise(
            case=t["case"], document=report_doc, actor=t["investigator"], finalised_on=datetime.date(2026, 11, 20)
        )
    evidence_response_record(review=review, party=t["r"], no_response=True, actor=t["investigator"])
    investigation_report_finalise(
        case=t["case"], document=report_doc, actor=t["investigator"], finalised_on=datetime.date(2026, 11, 20)
    )
    states = dict(CaseDeadline.objects.filter(case=t["case"]).values_list("party__role", "state"))
    assert states == {"complainant": "met", "respondent": "missed"}


# --- (b)(5)(vii) the report 10 days before the hearing --------------------------------------------


def test_report_goes_to_both_parties_and_advisors_and_starts_the_ten_days(title_ix):
    t = title_ix
    advisor_record(advises=t["r"], name="Pat Counsel", actor=t["manager"])
    _report_sent(t, datetime.date(2026, 12, 1))
    letters = Letter.objects.filter(case=t["case"], kind="investigation_report")
    assert sorted(letter.recipient.role for letter in letters) == ["advisor", "complainant", "respondent"]
    clock = CaseDeadline.objects.get(case=t["case"], kind="report_before_hearing")
    assert (clock.due_on, clock.basis, clock.extendable) == (
        datetime.date(2026, 12, 11),
        "34 CFR 106.45(b)(5)(vii)",
        False,
    )


def test_hearing_refused_nine_days_after_the_report_went_out_and_allowed_on_the_tenth(title_ix):
    t = title_ix
    _panel(t["case"])
    _report_sent(t, datetime.date(2026, 12, 1))
    with pytest.raises(ValidationError) as refused:
        hearing_schedule(
            case=t["case"],
            scheduled_at=_at("2026-12-10"),
            place="Room 4-231",
            actor=t["manager"],
            notice_on=datetime.date(2026, 11, 30),
        )
    assert refused.value.message_dict["scheduled_at"] == [
        "The investigation report was sent on 2026-12-01: the hearing cannot be held before 2026-12-11 "
        "(at least 10 days after)."
    ]
    assert not Hearing.objects.filter(case=t["case"]).exists()
    hearing = hearing_schedule(
        case=t["case"],
        scheduled_at=_at("2026-12-11"),
        place="Room 4-231",
        actor=t["manager"],
        notice_on=datetime.date(2026, 11, 30),
    )
    assert hearing.status == Hearing.Status.SCHEDULED
    letters = Letter.objects.filter(case=t["case"], kind="hearing")
    assert sorted(letter.recipient.role for letter in letters) == ["complainant", "respondent"]


def test_title_ix_hearing_refused_before_the_report_is_sent(title_ix):
    _panel(title_ix["case"])
    with pytest.raises(ValidationError, match="Send the investigation report"):
        hearing_schedule(
            case=title_ix["case"],
            scheduled_at=_at("2026-12-20"),
            place="Room 1",
            actor=title_ix["manager"],
            notice_on=datetime.date(2026, 11, 30),
        )


def test_hearing_notice_refused_under_the_minimum_unless_waived_in_writing(title_ix, settings):
    settings.PROCESS_MEETING_NOTICE_DAYS = 5
    t = title_ix
    _panel(t["case"])
    _report_sent(t, datetime.date(2026, 11, 25))
    with pytest.raises(ValidationError, match="at least 5 days before the hearing"):
        hearing_schedule(
            case=t["case"],
            scheduled_at=_at("2026-12-09"),
            video_link="https://video.example/h",
            actor=t["manager"],
            notice_on=datetime.date(2026, 12, 5),
        )
    waiver = _doc(t["case"], t["manager"], "consent", "waiver.txt")
    hearing = hearing_schedule(
        case=t["case"],
        scheduled_at=_at("2026-12-09"),
        video_link="https://video.example/h",
        actor=t["manager"],
        notice_on=datetime.date(2026, 12, 5),
        notice_waiver=waiver,
    )
    assert hearing.notice_waiver == waiver


def test_hearing_refused_while_one_party_has_no_advisor(title_ix):
    t = title_ix
    _panel(t["case"])
    _report_sent(t, datetime.date(2026, 11, 1))
    hearing = hearing_schedule(
        case=t["case"],
        scheduled_at=_at("2026-11-16"),
        place="Room 4-231",
        actor=t["manager"],
        notice_on=datetime.date(2026, 11, 2),
    )
    advisor_record(advises=t["c"], name="Sam Advisor", actor=t["manager"])
    with pytest.raises(ValidationError) as refused:
        hearing_mark_held(hearing=hearing, held_at=_at("2026-11-16"), actor=t["manager"])
    assert refused.value.messages == [
        "The hearing cannot start until each party has an advisor: record the respondent's advisor "
        "(the office appoints one when a party has none)."
    ]
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.SCHEDULED
    advisor = advisor_record(
        advises=t["r"], name="Office Advisor", appointed_by_office=True, actor=t["manager"]
    )
    assert (advisor.role, advisor.advises, advisor.appointed_by_office) == ("advisor", t["r"], True)
    hearing_mark_held(hearing=hearing, held_at=_at("2026-11-16"), actor=t["manager"])
    assert Hearing.objects.get(pk=hearing.pk).status == Hearing.Status.HELD


def test_an_excluded_question_needs_its_reason_and_the_summary_is_encrypted(title_ix):
    t = title_ix
    decider = _panel(t["case"])
    _report_sent(t, datetime.date(2026, 11, 1))
    hearing = hearing_schedule(
        case=t["case"],
        scheduled_at=_at("2026-11-16"),
        place="Room 4-231",
        actor=t["manager"],
        notice_on=datetime.date(2026, 11, 2),
    )
    question = "Asked about the complainant's prior sexual behavior"
    with pytest.raises(ValidationError) as refused:
        relevance_ruling_record(
            hearing=hearing, question_summary=question, asked_for=t["r"], ruling="not_relevant", actor=decider
        )
    assert refused.value.message_dict == {"reason": ["Give the reason for excluding the question."]}
    ruling = relevance_ruling_record(
        hearing=hearing,
        question_summary=question,
        asked_for=t["r"],
        ruling="not_relevant",
        reason="106.45(b)(6)(i): prior sexual behavior, no exception applies",
        actor=decider,
    )
    relevance_ruling_record(
        hearing=hearing, question_summary="Where were you at 9 pm?", asked_for=t["c"], ruling="relevant", actor=decider
    )
    assert RelevanceRuling.objects.filter(hearing=hearing).count() == 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT question_summary FROM cases_relevanceruling WHERE id = %s", [ruling.pk])
        assert "prior sexual" not in cursor.fetchone()[0]


def test_title_ix_determination_needs_the_hearing_held_and_its_recording(title_ix):
    t = title_ix
    _panel(t["case"])
    _report_sent(t, datetime.date(2026, 11, 1))
    refusal = case_transition_refusal(case=t["case"], to=Case.Status.DETERMINATION, reason="Investigation complete.")
    assert refusal == "106.45(b)(6)(i): on the Title IX track a determination needs the live hearing held first."
    hearing = hearing_schedule(
        case=t["case"],
        scheduled_at=_at("2026-11-16"),
        place="Room 4-231",
        actor=t["manager"],
        notice_on=datetime.date(2026, 11, 2),
    )
    for party in (t["c"], t["r"]):
        advisor_record(advises=party, name="Advisor", appointed_by_office=True, actor=t["manager"])
    hearing_mark_held(hearing=hearing, held_at=_at("2026-11-16"), actor=t["manager"])
    refusal = case_transition_refusal(case=t["case"], to=Case.Status.DETERMINATION, reason="Investigation complete.")
    assert refusal == "106.45(b)(6)(i): attach the hearing's recording or transcript before the determination."
    hearing_record_attach(
        hearing=hearing, document=_doc(t["case"], t["manager"], "hearing_record", "transcript.txt"), actor=t["manager"]
    )
    assert case_transition_refusal(case=t["case"], to=Case.Status.DETERMINATION, reason="Investigation complete.") is None


def test_a_case_off_the_title_ix_track_needs_no_hearing_for_its_determination(title_ix):
    case = title_ix["case"]
    case.title_ix_category = False
    case.save()
    _doc(case, title_ix["manager"], "investigator_report")
    assert case_transition_refusal(case=case, to=Case.Status.DETERMINATION, reason="Investigation complete.") is None


# --- (b)(1)(v) extensions ---------------------------------------------------------------------------


def test_an_extension_without_a_reason_is_refused(title_ix):
    t = title_ix
    evidence_review_send(case=t["case"], actor=t["investigator"], sent_on=datetime.date(2026, 11, 2))
    clock = CaseDeadline.objects.get(case=t["case"], party=t["r"])
    with pytest.raises(ValidationError) as refused:
        deadline_extend(
            deadline=clock, new_due_on=datetime.date(2026, 11, 19), cause="absence", reason="  ", actor=t["manager"]
        )
    assert refused.value.message_dict == {"reason": ["Give the reason for the extension: it goes to both parties."]}
    clock.refresh_from_db()
    assert clock.due_on == datetime.date(2026, 11, 12)
    assert not Letter.objects.filter(case=t["case"], kind="delay").exists()


def test_an_extension_to_a_date_not_later_is_refused(title_ix):
    t = title_ix
    evidence_review_send(case=t["case"], actor=t["investigator"], sent_on=datetime.date(2026, 11, 2))
    clock = CaseDeadline.objects.get(case=t["case"], party=t["r"])
    with pytest.raises(ValidationError, match="later than 2026-11-12"):
        deadline_extend(
            deadline=clock, new_due_on=datetime.date(2026, 11, 12), cause="absence", reason="Away", actor=t["manager"]
        )


def test_the_ten_days_before_the_hearing_cannot_be_extended(title_ix):
    t = title_ix
    _report_sent(t, datetime.date(2026, 12, 1))
    clock = CaseDeadline.objects.get(case=t["case"], kind="report_before_hearing")
    with pytest.raises(ValidationError, match="cannot be extended"):
        deadline_extend(
            deadline=clock, new_due_on=datetime.date(2026, 12, 20), cause="other", reason="x", actor=t["manager"]
        )


def test_an_extension_records_the_cause_and_sends_the_delay_notice_to_both_parties(title_ix):
    t = title_ix
    evidence_review_send(case=t["case"], actor=t["investigator"], sent_on=datetime.date(2026, 11, 2))
    _deliver(t, "evidence_review", datetime.date(2026, 11, 2))
    clock = CaseDeadline.objects.get(case=t["case"], party=t["r"])
    extension = deadline_extend(
        deadline=clock,
        new_due_on=datetime.date(2026, 11, 19),
        cause="absence",
        reason="The respondent's advisor is abroad until 16 November.",
        actor=t["manager"],
    )
    clock.refresh_from_db()
    assert clock.due_on == datetime.date(2026, 11, 19)
    assert (extension.previous_due_on, extension.new_due_on) == (
        datetime.date(2026, 11, 12),
        datetime.date(2026, 11, 19),
    )
    delay = Letter.objects.filter(case=t["case"], kind="delay")
    assert sorted(letter.recipient.role for letter in delay) == ["complainant", "respondent"]
    # The report waits for the extended window: refused on 19 November, allowed on the 20th.
    assert "until 2026-11-19" in report_finalise_refusal(t["case"], datetime.date(2026, 11, 19))


def test_an_advisor_must_advise_a_complainant_or_respondent_of_the_case(title_ix):
    t = title_ix
    with pytest.raises(ValidationError) as refused:
        party_save(
            party=Party(case=t["case"], role=Party.Role.ADVISOR, name="Loose Advisor"), actor=t["manager"]
        )
    assert refused.value.message_dict == {
        "advises": ["Choose the complainant or respondent of this case the advisor advises."]
    }
    witness = factories.PartyFactory(case=t["case"], role=Party.Role.WITNESS)
    with pytest.raises(ValidationError, match="An advisor advises the complainant or the respondent."):
        advisor_record(advises=witness, name="Advisor", actor=t["manager"])


def test_a_ruling_is_refused_to_staff_who_neither_sit_on_the_panel_nor_run_the_case(title_ix):
    t = title_ix
    _panel(t["case"])
    _report_sent(t, datetime.date(2026, 11, 1))
    hearing = hearing_schedule(
        case=t["case"],
        scheduled_at=_at("2026-11-16"),
        place="Room 4-231",
        actor=t["manager"],
        notice_on=datetime.date(2026, 11, 2),
    )
    outsider = factories.investigator(username="outsider")
    with pytest.raises(ValidationError):
        relevance_ruling_record(
            hearing=hearing, question_summary="Q", asked_for=t["c"], ruling="relevant", actor=outsider
        )
    assert not RelevanceRuling.objects.exists()
