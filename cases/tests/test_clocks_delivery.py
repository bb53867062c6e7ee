# ruff: noqa: F811  (the title_ix fixture is imported from test_hearing)
"""A party's time runs from when they have the material, not from when the office prepared it.

34 CFR 106.45(b)(5)(vi): the evidence is sent to each party and advisor, and "the parties
must have at least 10 days to submit a written response"; (b)(5)(vii): the report is sent
"at least 10 days prior to a hearing"; (b)(8)(iii)(D): both parties get a reasonable, equal
opportunity to submit a written statement on an appeal. A letter prepared but not sent
starts nothing. Dates below are written out from those rules.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cases.models import CaseDeadline, Letter, TimelineEvent
from cases.services.evidence_review import (
    evidence_response_record,
    evidence_review_send,
    investigation_report_finalise,
    investigation_report_send,
)
from cases.services.hearing import advisor_record, hearing_schedule
from cases.services.letters import letter_mark_sent

from .test_hearing import _at, _doc, _panel, title_ix  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def _send_letters(t, kind, on, recipients=None):
    letters = [
        letter
        for letter in Letter.objects.filter(case=t["case"], kind=kind, sent_at__isnull=True).order_by("pk")
        if recipients is None or letter.recipient in recipients
    ]
    return letter_mark_sent(letters=letters, channel="post", actor=t["manager"], sent_at=_at(on, 9))


def _clock(t, party):
    return CaseDeadline.objects.get(case=t["case"], kind="evidence_response", party=party)


def test_each_partys_ten_days_run_from_the_day_their_letter_was_sent(title_ix):
    t = title_ix
    advisor_record(advises=t["c"], name="Sam Advisor", actor=t["manager"])
    evidence_review_send(case=t["case"], actor=t["investigator"], sent_on=datetime.date(2026, 11, 2))
    # Prepared on Monday 2 November: provisionally due Thursday 12 November.
    assert _clock(t, t["r"]).due_on == datetime.date(2026, 11, 12)

    _send_letters(t, "evidence_review", "2026-11-02", recipients=[t["r"]])
    assert _clock(t, t["r"]).due_on == datetime.date(2026, 11, 12)  # sent the same day: unchanged

    _send_letters(t, "evidence_review", "2026-11-04", recipients=[t["c"]])
    # The complainant's advisor has not been sent the evidence: the complainant's clock waits.
    assert _clock(t, t["c"]).due_on == datetime.date(2026, 11, 12)

    _send_letters(t, "evidence_review", "2026-11-05")  # the advisor's letter, on Thursday 5 November
    clock = _clock(t, t["c"])
    assert (clock.starts_on, clock.due_on) == (datetime.date(2026, 11, 5), datetime.date(2026, 11, 15))
    assert _clock(t, t["r"]).due_on == datetime.date(2026, 11, 12)
    assert TimelineEvent.objects.filter(
        case=t["case"],
        kind="deadline",
        summary="Written response to the evidence: complainant: runs from the letters sent on 2026-11-05, "
        "due 2026-11-15",
    ).exists()


def test_the_report_cannot_be_finalised_while_the_evidence_has_not_reached_a_party(title_ix):
    t = title_ix
    review = evidence_review_send(case=t["case"], actor=t["investigator"], sent_on=datetime.date(2026, 11, 2))
    _send_letters(t, "evidence_review", "2026-11-02", recipients=[t["c"]])
    for party in (t["c"], t["r"]):
        evidence_response_record(
            review=review,
            party=party,
            received_on=datetime.date(2026, 11, 6),
            document=_doc(t["case"], t["investigator"], "evidence_response"),
            actor=t["investigator"],
        )
    report_doc = _doc(t["case"], t["investigator"], "investigator_report")
    with pytest.raises(ValidationError) as refused:
        investigation_report_finalise(
            case=t["case"], document=report_doc, actor=t["investigator"], finalised_on=datetime.date(2026, 11, 20)
        )
    assert refused.value.messages == [
        "The evidence has not reached the respondent yet: mark their letters sent. "
        "Each party's 10 days run from the day they have it."
    ]
    _send_letters(t, "evidence_review", "2026-11-03")
    investigation_report_finalise(
        case=t["case"], document=report_doc, actor=t["investigator"], finalised_on=datetime.date(2026, 11, 20)
    )


def _report_prepared(t, sent_on):
    review = evidence_review_send(case=t["case"], actor=t["investigator"], sent_on=datetime.date(2026, 11, 2))
    _send_letters(t, "evidence_review", "2026-11-02")
    for party in (t["c"], t["r"]):
        evidence_response_record(
            review=review, party=party, received_on=datetime.date(2026, 11, 6),
            document=_doc(t["case"], t["investigator"], "evidence_response"), actor=t["investigator"],
        )
    report = investigation_report_finalise(
        case=t["case"], document=_doc(t["case"], t["investigator"], "investigator_report"),
        actor=t["investigator"], finalised_on=datetime.date(2026, 11, 13),
    )
    return investigation_report_send(report=report, actor=t["investigator"], sent_on=sent_on)


def _schedule(t, day):
    return hearing_schedule(
        case=t["case"], scheduled_at=_at(day), place="Room 4-231", actor=t["manager"],
        notice_on=datetime.date(2026, 11, 30),
    )


def test_the_hearing_waits_ten_days_from_the_day_the_report_reached_everyone(title_ix):
    t = title_ix
    _panel(t["case"])
    _report_prepared(t, datetime.date(2026, 12, 1))
    with pytest.raises(ValidationError) as refused:
        _schedule(t, "2026-12-20")
    assert refused.value.message_dict["scheduled_at"] == [
        "The investigation report has not reached the complainant, respondent yet: mark their letters sent. "
        "The hearing is at least 10 days after the report reached the parties and advisors."
    ]
    _send_letters(t, "investigation_report", "2026-12-01", recipients=[t["c"]])
    _send_letters(t, "investigation_report", "2026-12-04")  # the respondent's, three days later
    clock = CaseDeadline.objects.get(case=t["case"], kind="report_before_hearing")
    assert clock.due_on == datetime.date(2026, 12, 14)
    with pytest.raises(ValidationError) as refused:
        _schedule(t, "2026-12-13")
    assert refused.value.message_dict["scheduled_at"] == [
        "The investigation report was sent on 2026-12-04: the hearing cannot be held before 2026-12-14 "
        "(at least 10 days after)."
    ]
    assert _schedule(t, "2026-12-14").pk is not None
