"""The demo has one Title IX case at each stage of the formal process (issue 14, item 14),
built through the services, with dates on the regulation's clocks (34 CFR 106.45)."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import (
    Appeal,
    Case,
    CaseDeadline,
    ConflictAttestation,
    Determination,
    Dismissal,
    EvidenceReview,
    Hearing,
    InvestigationReport,
    Letter,
    Party,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(groups, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media"
    call_command("create_demo_cases")
    return {ref[-1]: Case.objects.get(reference=ref) for ref in Case.objects.filter(
        reference__startswith="C-DEMO-TIX").values_list("reference", flat=True)}


def _letters(case, kind):
    return Letter.objects.filter(case=case, kind=kind)


def test_each_stage_of_the_formal_process_has_a_demo_case(demo):
    today = timezone.localdate()
    days = datetime.timedelta
    assert sorted(demo) == ["A", "B", "C", "D", "E", "F", "G"]

    # A: the notice of allegations went to the complainant and the respondent.
    notices = _letters(demo["A"], "allegations")
    assert sorted(notices.values_list("recipient__role", flat=True)) == ["complainant", "respondent"]
    assert all(n.sent_at is not None for n in notices)
    assert demo["A"].status == "investigation"

    # B: evidence sent 4 days ago; each party's 10-day response clock is open, due in 6 days.
    review = EvidenceReview.objects.get(case=demo["B"])
    assert review.sent_on == today - days(4)
    clocks = CaseDeadline.objects.filter(case=demo["B"], kind="evidence_response")
    assert clocks.count() == 2
    assert {(c.state, c.due_on) for c in clocks} == {("open", today + days(6))}

    # C: the report went out 3 days ago: no hearing before 7 days from now, no hearing yet.
    report = InvestigationReport.objects.get(case=demo["C"])
    assert report.sent_on == today - days(3)
    assert not Hearing.objects.filter(case=demo["C"]).exists()

    # D: hearing scheduled in 14 days, both parties have an advisor, the panel attested.
    hearing = Hearing.objects.get(case=demo["D"])
    assert hearing.status == "scheduled"
    assert timezone.localtime(hearing.scheduled_at).date() == today + days(14)
    assert Party.objects.filter(case=demo["D"], role="advisor", advises__isnull=False).count() == 2
    assert ConflictAttestation.objects.filter(case=demo["D"], role="decision_maker").exists()

    # E: released today to both parties: two outcome letters sharing one batch, window open.
    determination = Determination.objects.get(case=demo["E"])
    assert determination.released_at is not None
    assert demo["E"].status == "appeal_window"
    outcome = _letters(demo["E"], "outcome")
    assert outcome.count() == 2
    assert len({letter.batch for letter in outcome}) == 1 and outcome[0].batch is not None
    assert determination.appeal_deadline > today
    # Every notice before the determination went out (seen "not sent" in a browser at first).
    assert not Letter.objects.filter(case=demo["E"], sent_at__isnull=True).exists()

    # F: the complainant's appeal is pending, both parties' 7-day statement clocks are open.
    appeal = Appeal.objects.get(case=demo["F"])
    assert (appeal.decision, appeal.filed_by.role, appeal.filed_on) == ("pending", "complainant", today)
    statements = CaseDeadline.objects.filter(case=demo["F"], kind="appeal_statement")
    assert {(c.state, c.due_on) for c in statements} == {("open", today + days(7))}
    assert statements.count() == 2

    # G: dismissed on jurisdiction two days ago, still open on the non-Title-IX student track.
    dismissal = Dismissal.objects.get(case=demo["G"])
    assert (dismissal.ground, dismissal.dismissed_on) == ("not_in_united_states", today - days(2))
    assert demo["G"].process_track == "student_cod"
    assert demo["G"].is_open
    dismissal_letters = _letters(demo["G"], "dismissal")
    assert dismissal_letters.count() == 2 and len({letter.batch for letter in dismissal_letters}) == 1


def test_running_the_demo_again_adds_nothing(demo):
    letters = Letter.objects.count()
    call_command("create_demo_cases")
    assert Case.objects.filter(reference__startswith="C-DEMO-TIX").count() == 7
    assert Letter.objects.count() == letters


def test_the_demo_cases_do_not_flag_each_other_as_a_repeat_respondent(demo):
    """Each has its own respondent ("Respondent of R-DEMOTIXA", "...TIXB"): the name index drops
    one-letter words, so a reference ending "-A" / "-B" made them all one person (seen in a browser)."""
    from cases.selectors.respondents import repeat_respondent_case_ids

    ours = {case.pk for case in demo.values()}
    for case in demo.values():
        assert not set(repeat_respondent_case_ids(case)) & ours, case.reference
