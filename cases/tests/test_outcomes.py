"""Tracks, dismissal, determination, release, finality and appeals, from 34 CFR 106.45 (2020 text)
and the policy (seed 003, section I). Expected values are written out here, not read from the code.

(b)(3)(i): "The recipient must investigate the allegations in a formal complaint. If the conduct
alleged ... would not constitute sexual harassment ... even if proved, did not occur in the
recipient's education program or activity, or did not occur against a person in the United
States, then the recipient must dismiss the formal complaint with regard to that conduct for
purposes of sexual harassment under title IX ...; such a dismissal does not preclude action
under another provision of the recipient's code of conduct." (b)(3)(iii): written notice of the
dismissal and the reasons "simultaneously to the parties". (b)(7)(iii): the determination
"becomes final either on the date that the recipient provides the parties with the written
determination of the result of the appeal, if an appeal is filed, or if an appeal is not filed,
the date on which an appeal would no longer be considered timely."
"""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from cases.models import (
    Allegation,
    AppealBasis,
    Case,
    CaseDeadline,
    CaseDocument,
    Determination,
    Dismissal,
    Hearing,
    Letter,
    Party,
    TransitionLog,
)
from cases.outcome_seeds import outcome_lists_ensure
from cases.selectors.procedural_steps import determination_procedural_steps
from cases.services.appeals import appeal_release, appeal_statement_add
from cases.services.assignments import case_role_assign, conflict_attestation_record
from cases.services.dismissal import dismissal_record
from cases.services.letters import letter_mark_sent
from cases.services.outcomes import (
    appeal_decide,
    appeal_file,
    determination_finality,
    determination_record,
    determination_release,
    finding_save,
    sanction_add,
    sanction_options_for,
)
from cases.services.parties import case_process_track_derive
from cases.services.tracks import track_for, track_steps
from cases.services.triage import case_update
from cases.services.workflow import case_formal_complaint_sign

from . import factories

pytestmark = pytest.mark.django_db
S = Case.Status


@pytest.fixture(autouse=True)
def outcome_lists(db):
    """The seeded lists (a transactional test earlier in the run flushes them)."""
    outcome_lists_ensure()


@pytest.fixture
def decider(groups):
    return factories.investigator(username="decider")


@pytest.fixture
def appeal_decider(groups):
    return factories.investigator(username="appeals")


def _title_ix_case(case, coordinator, *, respondent="student"):
    complainant = factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT, affiliation="student")
    accused = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, affiliation=respondent)
    for field in ("title_ix_category", "ti_in_program_at_filing", "ti_in_institute_program", "ti_in_united_states"):
        setattr(case, field, True)
    case.status = S.INVESTIGATION
    case.save()
    case_formal_complaint_sign(case=case, actor=coordinator)
    case_process_track_derive(case=case)
    return complainant, accused


def _at_determination(case, coordinator, investigator, decider, appeal_decider=None):
    complainant, respondent = _title_ix_case(case, coordinator)
    for number, provision in ((1, "Sexual harassment (9.5.1.4)"), (2, "Stalking (9.5.1.4)")):
        Allegation.objects.create(
            case=case, number=number, respondent=respondent, complainant=complainant,
            conduct=f"Conduct {number}", policy_provision=provision, added_by=coordinator,
        )
    CaseDocument.objects.create(
        case=case, kind=CaseDocument.Kind.INVESTIGATOR_REPORT, filename="report.pdf",
        content_type="application/pdf", size=1, stored_name="cases/x.bin", uploaded_by=investigator,
    )
    for role, user in (("decision_maker", decider), ("appeal_decision_maker", appeal_decider)):
        if user:
            case_role_assign(case=case, role=role, user=user, actor=coordinator)
            conflict_attestation_record(case=case, role=role, actor=user)
    if case.is_title_ix:  # 106.45(b)(6)(i): the live hearing held and its recording kept
        recording = CaseDocument.objects.create(
            case=case, kind=CaseDocument.Kind.HEARING_RECORD, filename="hearing.txt",
            content_type="text/plain", size=1, stored_name="cases/y.bin", uploaded_by=investigator,
        )
        Hearing.objects.create(
            case=case, scheduled_at=timezone.now(), place="Room 1", notice_on=timezone.localdate(),
            status=Hearing.Status.HELD, held_at=timezone.now(), recording_or_transcript=recording,
            scheduled_by=coordinator,
        )
    Case.objects.filter(pk=case.pk).update(status=S.DETERMINATION)
    case.refresh_from_db()
    return complainant, respondent


def _decide(case, decider, *, first="responsible"):
    determination = determination_record(
        case=case,
        outcome="responsible" if first == "responsible" else "not_responsible",
        standard_of_evidence="preponderance",
        rationale="Overall rationale",
        remedies_provided=True,
        remedies_description="Academic adjustments for the complainant",
        actor=decider,
    )
    for allegation, result in zip(Allegation.objects.filter(case=case).order_by("number"), (first, "not_responsible"), strict=True):
        finding_save(
            determination=determination, allegation=allegation, findings_of_fact=f"Facts {allegation.number}",
            policy_provision=allegation.policy_provision, result=result, rationale="Because", actor=decider,
        )
    return determination


# --- Tracks ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("affiliation", "title_ix", "track"),
    [
        ("student", True, "student_tix"),
        ("student", False, "student_cod"),
        ("employee", True, "employee_tix"),
        ("employee", False, "employee_pp98"),
        ("unknown", True, "undetermined"),
    ],
)
def test_the_four_tracks_follow_the_respondent_and_title_ix(affiliation, title_ix, track):
    assert track_for(respondent_affiliation=affiliation, is_title_ix=title_ix) == track


def test_the_track_follows_the_title_ix_determination_when_it_changes(case, coordinator):
    _title_ix_case(case, coordinator)
    assert case.process_track == "student_tix"
    case.ti_in_united_states = False
    case_update(case=case, actor=coordinator, changed=["ti_in_united_states"])
    case.refresh_from_db()
    assert case.process_track == "student_cod"


def test_the_non_title_ix_tracks_show_their_seeded_steps_and_say_which_are_guesses():
    student = track_steps("student_cod")
    assert [s.name for s in student][1] == (
        "Resolution under the COD Sexual Misconduct Hearing Procedures (Non-Title IX Sexual Harassment) "
        "or the COD's general complaint process"
    )
    assert student[0].description.startswith("A guess:")
    employee = track_steps("employee_pp98")
    assert employee[0].name == "Complaint resolution under Policies and Procedures section 9.8"
    assert track_steps("student_tix")[-1].basis == "106.45(b)(8)"


# --- Dismissal (b)(3) -------------------------------------------------------------------------


def test_a_dismissal_on_jurisdiction_continues_on_the_student_non_title_ix_track_and_the_case_stays_open(
    case, coordinator, manager
):
    _title_ix_case(case, coordinator)
    assert case.process_track == "student_tix"
    Case.objects.filter(pk=case.pk).update(ti_in_united_states=False)
    case.refresh_from_db()
    case.save()  # is_title_ix recomputed

    dismissal = dismissal_record(
        case=case, ground="not_in_united_states", reason="The conduct occurred abroad.", actor=manager
    )

    case.refresh_from_db()
    assert case.process_track == "student_cod"
    assert case.status == "investigation" and case.closed_at is None
    assert dismissal.continues_on_track == (
        "Student respondent, not Title IX: Committee on Discipline, Sexual Misconduct Hearing Procedures "
        "(Non-Title IX) or its general complaint process"
    )
    letters = list(Letter.objects.filter(case=case, kind="dismissal"))
    assert {letter.recipient.role for letter in letters} == {"complainant", "respondent"}
    assert letters[0].batch is not None and letters[0].batch == letters[1].batch
    with pytest.raises(ValidationError, match="sent together"):
        letter_mark_sent(letters=letters[:1], channel="post", actor=manager)


def test_a_mandatory_dismissal_needs_the_criterion_recorded_as_not_met(case, coordinator, manager):
    _title_ix_case(case, coordinator)
    with pytest.raises(ValidationError) as refused:
        dismissal_record(case=case, ground="not_in_program", reason="Off campus", actor=manager)
    assert refused.value.message_dict == {
        "ground": [
            "This ground needs the Title IX determination to say so: record “occurred in a program or activity "
            "the Institute controls” as no on the case first."
        ]
    }
    assert not Dismissal.objects.exists()


def test_a_discretionary_dismissal_is_the_coordinators_and_without_a_track_closes_the_case(
    case, coordinator, manager
):
    _title_ix_case(case, coordinator)
    with pytest.raises(PermissionDenied):
        dismissal_record(case=case, ground="withdrawn", reason="Written withdrawal", actor=manager)
    dismissal_record(
        case=case, ground="withdrawn", reason="Written withdrawal of 2026-11-20", continue_on_track=False,
        no_measures_reason="The complainant declined every measure offered (written).",
        actor=coordinator,
    )
    case.refresh_from_db()
    assert case.status == "closed"
    log = TransitionLog.objects.get(case=case, to_status="closed")
    assert log.reason == (
        "Dismissed: Discretionary: the complainant withdrew the formal complaint or allegations in writing. "
        "Written withdrawal of 2026-11-20"
    )


def test_a_dismissal_can_be_appealed(case, coordinator, manager):
    complainant, _respondent = _title_ix_case(case, coordinator)
    dismissal = dismissal_record(
        case=case, ground="withdrawn", reason="Withdrawn", continue_on_track=False,
        no_measures_reason="The complainant declined every measure offered (written).", actor=coordinator
    )
    basis = AppealBasis.objects.get(regulation="106.45(b)(8)(i)(A)")
    appeal = appeal_file(case=case, party=complainant, basis=basis, dismissal=dismissal, actor=coordinator)
    assert appeal.dismissal == dismissal
    assert appeal.get_basis_display() == "Procedural irregularity that affected the outcome of the matter"


# --- Determination (b)(7) ---------------------------------------------------------------------


def test_findings_and_sanctions_are_refused_to_the_coordinator_and_the_investigator(
    case, coordinator, investigator, decider
):
    _complainant, respondent = _at_determination(case, coordinator, investigator, decider)
    determination = _decide(case, decider)
    allegation = Allegation.objects.get(case=case, number=1)
    for actor, who in ((coordinator, "The Title IX coordinator"), (investigator, "The investigator")):
        with pytest.raises(ValidationError) as refused:
            finding_save(
                determination=determination, allegation=allegation, findings_of_fact="x", policy_provision="y",
                result="responsible", rationale="z", actor=actor,
            )
        assert refused.value.messages == [
            f"{who} may not record the determination: only a decision-maker of the case does."
        ]
        with pytest.raises(ValidationError):
            sanction_add(determination=determination, party=respondent, kind="warning", actor=actor)


def test_student_sanctions_are_the_policys_list_and_an_employee_gets_the_coordinators(case, coordinator):
    student = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, affiliation="student")
    assert [o.label for o in sanction_options_for(case=case, party=student)] == [
        "Warning", "Probation", "Suspension", "Expulsion", "Degree revocation",
    ]
    other = factories.CaseFactory(process_track="employee_pp98")
    employee = factories.PartyFactory(case=other, role=Party.Role.RESPONDENT, affiliation="employee")
    options = list(sanction_options_for(case=other, party=employee))
    assert [o.code for o in options] == ["employee_disciplinary_action"]
    assert "the seeds do not list sanctions for employees" in options[0].description


# Released on Wednesday 25 November 2026, the day before Thanksgiving; the office is closed on
# Thursday 26 and Friday 27. The appeal window is five business days (policy, section I;
# (b)(8)(i)): Mon 30 Nov, Tue 1, Wed 2, Thu 3 and Fri 4 December. Counting the two holidays
# would end it on Wednesday 2 December; counting calendar days, on Monday 30 November.
@time_machine.travel(datetime.datetime(2026, 11, 25, 15, 0, tzinfo=datetime.timezone.utc), tick=True)  # 10:00 NY
def test_release_prepares_both_outcome_letters_in_one_batch_and_opens_the_appeal_window(
    case, coordinator, investigator, decider, manager, settings
):
    settings.CASE_HOLIDAYS = ["2026-11-26", "2026-11-27"]
    _at_determination(case, coordinator, investigator, decider)
    determination = _decide(case, decider)
    sanction_add(
        determination=determination, party=case.parties.get(role="respondent"), kind="probation", actor=decider
    )
    determination_release(determination=determination, actor=manager)

    determination.refresh_from_db()
    assert determination.released_at is not None
    letters = list(Letter.objects.filter(case=case, kind="outcome"))
    assert sorted(letter.recipient.role for letter in letters) == ["complainant", "respondent"]
    assert len({letter.batch for letter in letters}) == 1 and letters[0].batch is not None
    with pytest.raises(ValidationError, match="Letters released together are sent together"):
        letter_mark_sent(letters=[letters[0]], channel="post", actor=manager)
    assert not Letter.objects.filter(case=case, kind="outcome", sent_at__isnull=False).exists()
    letter_mark_sent(letters=letters, channel="post", actor=manager)
    assert Letter.objects.filter(case=case, kind="outcome", sent_at__isnull=False).count() == 2
    clock = CaseDeadline.objects.get(case=case, kind="appeal_filing")
    assert clock.basis == "34 CFR 106.45(b)(8)(i)"
    assert clock.starts_on == datetime.date(2026, 11, 25)
    assert clock.due_on == determination.appeal_deadline == datetime.date(2026, 12, 4)
    case.refresh_from_db()
    assert case.status == "appeal_window"
    # What the outcome letter reads.
    assert [f.get_result_display() for f in determination.findings] == ["Responsible", "Not responsible"]
    assert [s.get_kind_display() for s in determination.sanctions.all()] == ["Probation"]
    # The steps the regulation names, dated when they happened; no bookkeeping (issue 24 item 4).
    steps = determination_procedural_steps(determination=determination)
    assert steps[0] == "November 25, 2026: Formal complaint signed by the Title IX coordinator"
    assert not any("Finding on allegation" in step or "Sanction" in step for step in steps)


def test_release_is_refused_until_every_allegation_has_a_finding(case, coordinator, investigator, decider, manager):
    _at_determination(case, coordinator, investigator, decider)
    determination = determination_record(
        case=case, outcome="not_responsible", standard_of_evidence="preponderance", rationale="Overall rationale",
        actor=decider,
    )
    with pytest.raises(ValidationError) as refused:
        determination_release(determination=determination, actor=manager)
    assert refused.value.messages == ["Record a finding on each allegation first (missing: 1, 2)."]
    assert not Letter.objects.filter(case=case, kind="outcome").exists()


def test_finality_is_the_day_after_the_window_without_an_appeal_or_the_appeal_decisions_date(
    case, coordinator, investigator, decider, appeal_decider, manager
):
    complainant, _respondent = _at_determination(case, coordinator, investigator, decider, appeal_decider)
    determination = _decide(case, decider)
    determination_release(determination=determination, actor=manager)
    Determination.objects.filter(pk=determination.pk).update(appeal_deadline=datetime.date(2026, 12, 7))
    determination.refresh_from_db()

    still_open = determination_finality(determination=determination, today=datetime.date(2026, 12, 7))
    assert still_open.final_on is None
    final = determination_finality(determination=determination, today=datetime.date(2026, 12, 8))
    assert final.final_on == datetime.date(2026, 12, 8)
    assert final.because == "no appeal was filed by 2026-12-07, the last day of the appeal window"

    Determination.objects.filter(pk=determination.pk).update(appeal_deadline=timezone.localdate())
    appeal = appeal_file(
        case=case, party=complainant, basis=AppealBasis.objects.get(regulation="106.45(b)(8)(i)(C)"),
        actor=manager,
    )
    CaseDeadline.objects.filter(kind="appeal_statement").update(state="met")
    appeal_decide(appeal=appeal, decision="upheld", rationale="No bias shown.", actor=appeal_decider)
    assert determination_finality(determination=determination).final_on is None  # not given yet
    appeal_release(appeal=appeal, actor=manager)
    appeal.refresh_from_db()
    given = timezone.localtime(appeal.released_at).date()
    finality = determination_finality(determination=determination, today=given + datetime.timedelta(days=30))
    # Given on the window's last day: the other party could still appeal that day, so final the day after.
    assert finality.final_on == given + datetime.timedelta(days=1)


# --- Appeals (b)(8) -----------------------------------------------------------------------------


def test_an_appeal_notifies_the_other_party_and_gives_both_a_statement_window(
    case, coordinator, investigator, decider, appeal_decider, manager
):
    complainant, respondent = _at_determination(case, coordinator, investigator, decider, appeal_decider)
    determination = _decide(case, decider)
    determination_release(determination=determination, actor=manager)
    filed_on = timezone.localdate()
    basis = AppealBasis.objects.get(regulation="106.45(b)(8)(i)(B)")

    appeal = appeal_file(case=case, party=respondent, basis=basis, grounds="A new witness", actor=manager)

    notices = list(Letter.objects.filter(case=case, kind="appeal_filed"))
    assert [letter.recipient for letter in notices] == [complainant]
    windows = CaseDeadline.objects.filter(case=case, kind="appeal_statement").order_by("party__role")
    assert [(w.party.role, w.basis, w.due_on) for w in windows] == [
        ("complainant", "34 CFR 106.45(b)(8)(iii)(D)", filed_on + datetime.timedelta(days=7)),
        ("respondent", "34 CFR 106.45(b)(8)(iii)(D)", filed_on + datetime.timedelta(days=7)),
    ]
    with pytest.raises(ValidationError) as early:
        appeal_decide(appeal=appeal, decision="upheld", rationale="r", actor=appeal_decider)
    assert early.value.messages == [
        f"A party may still submit a written statement until {(filed_on + datetime.timedelta(days=7)).isoformat()}:"
        " decide after that."
    ]
    statement = CaseDocument.objects.create(
        case=case, kind=CaseDocument.Kind.OTHER, filename="statement.pdf", content_type="application/pdf",
        size=1, stored_name="cases/y.bin", uploaded_by=manager,
    )
    with pytest.raises(ValidationError, match="closed on"):
        appeal_statement_add(
            appeal=appeal, party=complainant, document=statement,
            submitted_on=filed_on + datetime.timedelta(days=8), actor=manager,
        )
    for party in (complainant, respondent):
        appeal_statement_add(appeal=appeal, party=party, document=statement, actor=manager)
    with pytest.raises(ValidationError) as no_rationale:
        appeal_decide(appeal=appeal, decision="overturned", rationale=" ", actor=appeal_decider)
    assert no_rationale.value.message_dict == {"rationale": ["Write the rationale for the decision."]}
    with pytest.raises(ValidationError) as no_result:  # what stands after an overturning must be written
        appeal_decide(appeal=appeal, decision="overturned", rationale="The witness changes it.",
                               actor=appeal_decider)
    assert no_result.value.message_dict == {"result_after_appeal": [
        "Write the result that now stands for each allegation, and any sanction or remedy changed: "
        "it is what becomes final."
    ]}
    appeal_decide(appeal=appeal, decision="overturned", rationale="The witness changes it.",
                           result_after_appeal="Allegation 1: not responsible. The probation is lifted.",
                           actor=appeal_decider)
    appeal_release(appeal=appeal, actor=manager)
    outcome = list(Letter.objects.filter(case=case, kind="appeal_outcome"))
    assert sorted(letter.recipient.role for letter in outcome) == ["complainant", "respondent"]
    assert len({letter.batch for letter in outcome}) == 1 and outcome[0].batch is not None
    assert "Allegation 1: not responsible. The probation is lifted." in outcome[0].html
    appeal.refresh_from_db()
    determination.refresh_from_db()
    given = timezone.localtime(appeal.released_at).date()
    finality = determination_finality(determination=determination)
    assert finality.final_on is None  # the appeal window is still open: the other party may appeal
    over = determination.appeal_deadline + datetime.timedelta(days=1)
    finality = determination_finality(determination=determination, today=over)
    assert (finality.final_on, finality.because) == (
        over,
        f"the written decision on the appeal, which overturned the determination, was given to both parties on "
        f"{given.isoformat()}: the result stated in that decision is final",
    )


def test_an_upheld_appeal_changes_no_result(case, coordinator, investigator, decider, appeal_decider, manager):
    complainant, _respondent = _at_determination(case, coordinator, investigator, decider, appeal_decider)
    determination_release(determination=_decide(case, decider), actor=manager)
    appeal = appeal_file(
        case=case, party=complainant, basis=AppealBasis.objects.get(regulation="106.45(b)(8)(i)(A)"), actor=manager
    )
    CaseDeadline.objects.filter(kind="appeal_statement").update(state="met")
    with pytest.raises(ValidationError) as refused:
        appeal_decide(appeal=appeal, decision="upheld", rationale="No irregularity.",
                               result_after_appeal="Responsible", actor=appeal_decider)
    assert refused.value.message_dict == {"result_after_appeal": ["An upheld decision changes no result: leave this empty."]}


# --- Retention: the outcome records go with their case when the case is purged ---------------------


def test_a_purged_case_takes_its_findings_dismissal_and_appeal_statements_with_it(
    case, coordinator, investigator, decider, appeal_decider, manager
):
    from cases import retention
    from cases.models import AppealStatement, Finding

    complainant, _respondent = _at_determination(case, coordinator, investigator, decider, appeal_decider)
    determination = _decide(case, decider)
    determination_release(determination=determination, actor=manager)
    basis = AppealBasis.objects.get(regulation="106.45(b)(8)(i)(A)")
    appeal = appeal_file(case=case, party=complainant, basis=basis, actor=manager)
    document = CaseDocument.objects.create(
        case=case, kind=CaseDocument.Kind.OTHER, filename="s.pdf", content_type="application/pdf",
        size=1, stored_name="cases/s.bin", uploaded_by=manager,
    )
    appeal_statement_add(appeal=appeal, party=complainant, document=document, actor=manager)
    Dismissal.objects.create(case=case, ground="withdrawn", reason="r", dismissed_on=timezone.localdate(),
                             dismissed_by=coordinator)
    Case.objects.filter(pk=case.pk).update(
        status="closed", closed_at=timezone.now() - datetime.timedelta(days=365 * 20)
    )

    retention.retention_purge()

    assert not Case.objects.filter(pk=case.pk).exists()
    assert not Finding.objects.exists() and not AppealStatement.objects.exists() and not Dismissal.objects.exists()


def test_the_names_the_letter_templates_use_render(case, coordinator, investigator, decider, appeal_decider, manager):
    """The outcome, dismissal and appeal letters' templates read these names (the letters work)."""
    from django.template import Context, Template

    complainant, _respondent = _at_determination(case, coordinator, investigator, decider, appeal_decider)
    determination = _decide(case, decider)
    sanction_add(
        determination=determination, party=case.parties.get(role="respondent"), kind="warning", actor=decider
    )
    body = (
        "{% for f in determination.findings %}[{{ f.allegation }}|{{ f.findings_of_fact }}|{{ f.policy_provision }}|"
        "{{ f.get_result_display }}|{{ f.rationale }}]{% endfor %}"
        "{% for f in determination.findings.all %}<{{ f.allegation.number }}>{% endfor %}"
        "{% for s in determination.sanctions %}({{ s.get_kind_display }}){% endfor %}"
        "{% for s in determination.sanctions.all %}({{ s.get_kind_display }}){% endfor %}"
        "{{ determination.remedies_provided|yesno:'remedies,none' }} {{ determination.appeal_deadline|date:'Y' }}"
        "{% for step in procedural_steps %}{% if forloop.first %} first:{{ step }}{% endif %}"
        "{% endfor %}"
    )
    steps = determination_procedural_steps(determination=determination)
    text = Template(body).render(Context({"determination": determination, "procedural_steps": steps}))
    assert text.startswith(
        "[Allegation 1|Facts 1|Sexual harassment (9.5.1.4)|Responsible|Because]"
        "[Allegation 2|Facts 2|Stalking (9.5.1.4)|Not responsible|Because]<1><2>(Warning)(Warning)remedies "
    )
    today = date_format(timezone.localdate(), "F j, Y")
    assert f"first:{today}: Formal complaint signed by the Title IX coordinator" in text

    dismissal = Dismissal(ground="not_in_program", reason="Off campus", continues_track="student_cod")
    dismissal_text = Template(
        "{{ dismissal.get_ground_display }}|{{ dismissal.reason }}|{{ dismissal.continues_on_track }}"
    ).render(Context({"dismissal": dismissal}))
    assert dismissal_text == (
        "Mandatory: the conduct did not occur in the Institute&#x27;s education program or activity|Off campus|"
        "Student respondent, not Title IX: Committee on Discipline, Sexual Misconduct Hearing Procedures "
        "(Non-Title IX) or its general complaint process"
    )
    appeal = case.appeals.create(
        filed_by=complainant, filed_on=timezone.localdate(), basis=AppealBasis.objects.get(regulation="106.45(b)(8)(i)(A)"),
        decision="upheld", rationale="No irregularity",
    )
    appeal_text = Template("{{ appeal.get_basis_display }}|{{ appeal.get_decision_display }}|{{ appeal.rationale }}").render(
        Context({"appeal": appeal})
    )
    assert appeal_text == "Procedural irregularity that affected the outcome of the matter|Upheld|No irregularity"
