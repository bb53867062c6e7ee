"""Appeals walked from both parties' portals to the final decision (issue 24 item 4): every basis
a party chose is kept everywhere; each appeal outcome says whose appeal it decides and calls the
determination final only when no appeal is pending and the appeal window is over (34 CFR
106.45(b)(7)(iii)); the office is told of a party's appeal or statement (a content-free email
and My work); the notice of appeal gives the other party the statement's due date and the
appellant's statement is readable in their portal; no appeal is recorded as filed on a day still
to come; once final, the case no longer shows an open appeal window. The determination is
released on 2026-12-01 with the window ending 2026-12-08; statements are due 7 days after filing.
"""

import datetime
import html
import re

import pytest
import time_machine

from cases.models import Appeal, Case, CaseDeadline, Letter
from cases.services.appeals import appeal_release
from cases.services.assignments import case_role_assign, conflict_attestation_record
from cases.services.outcomes import appeal_decide
from notifications.models import Notification

from . import factories
from .test_portal_appeals import appeal_case, appeal_post, basis
from .test_portal_review import at, pdf_text, portal_client

pytestmark = pytest.mark.django_db

NEW_EVIDENCE = "New evidence that was not reasonably available"
BIAS = "The Title IX coordinator, investigator or decision-maker had a conflict of interest or bias"
PROCEDURAL = "Procedural irregularity that affected the outcome of the matter"


@pytest.fixture
def walk(coordinator):
    t = appeal_case()
    decider = factories.investigator(username="appeal-decider")
    case_role_assign(case=t["case"], role="appeal_decision_maker", user=decider, actor=coordinator)
    conflict_attestation_record(case=t["case"], role="appeal_decision_maker", actor=decider)
    return {**t, "decider": decider, "coordinator": coordinator}


def _text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def _plain(markup: str) -> str:
    """What a reader sees: the tags taken out, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _outcome_letter(appeal, role) -> str:
    letter = Letter.objects.get(kind="appeal_outcome", regarding=f"cases.appeal:{appeal.pk}", recipient__role=role)
    return _plain(letter.html)


def test_every_basis_the_respondent_chose_is_on_the_case_page_the_decision_form_and_the_outcome_letter(client, walk):
    with time_machine.travel(at("2026-12-03 11:00"), tick=False):
        appeal_post(portal_client(walk["r"]), [basis(NEW_EVIDENCE), basis(BIAS)], "Grounds")
    appeal = Appeal.objects.get()
    with time_machine.travel(at("2026-12-11 09:00"), tick=False):
        client.force_login(walk["manager"])
        case_page = _text(client.get(f"/admin/cases/case/{walk['case'].pk}/change/"))
        client.force_login(walk["decider"])
        decider_page = _text(client.get(f"/admin/cases/case/{walk['case'].pk}/change/"))
        appeal_decide(appeal=appeal, decision="upheld", rationale="Neither basis is made out.",
                               actor=walk["decider"])
        appeal_release(appeal=appeal, actor=walk["manager"])
    outcome = case_page[case_page.index('class="appeal"'):]
    assert NEW_EVIDENCE in outcome and BIAS in outcome
    form = decider_page[decider_page.index('id="appeal-decision-form"'):]
    form = form[:form.index("</form>")]
    assert NEW_EVIDENCE in form and BIAS in form
    for role in ("complainant", "respondent"):
        letter = _outcome_letter(appeal, role)
        assert NEW_EVIDENCE in letter and BIAS in letter, role


def test_the_first_outcome_names_the_respondents_appeal_and_is_not_final_while_the_complainants_is_pending(walk):
    with time_machine.travel(at("2026-12-03 11:00"), tick=False):
        appeal_post(portal_client(walk["r"]), [basis(PROCEDURAL)], "Respondent's grounds")
    with time_machine.travel(at("2026-12-04 11:00"), tick=False):
        appeal_post(portal_client(walk["c"]), [basis(NEW_EVIDENCE)], "Complainant's grounds")
    first = Appeal.objects.get(filed_by=walk["r"])
    second = Appeal.objects.get(filed_by=walk["c"])
    with time_machine.travel(at("2026-12-11 09:00"), tick=False):
        appeal_decide(appeal=first, decision="upheld", rationale="No irregularity.", actor=walk["decider"])
        appeal_release(appeal=first, actor=walk["manager"])
    letter = _outcome_letter(first, "complainant")
    assert ("This is the written decision on the appeal of the determination filed by the respondent on "
            "December 3, 2026.") in letter
    assert ("The determination regarding responsibility is not final yet: the complainant's appeal filed on "
            "2026-12-04 is pending.") in letter
    assert "is final on" not in letter
    with time_machine.travel(at("2026-12-12 09:00"), tick=False):
        appeal_decide(appeal=second, decision="upheld", rationale="Not new.", actor=walk["decider"])
        appeal_release(appeal=second, actor=walk["manager"])
    letter = _outcome_letter(second, "respondent")
    assert ("This is the written decision on the appeal of the determination filed by the complainant on "
            "December 4, 2026.") in letter
    assert ("No appeal of the determination is pending and the time to appeal has ended: the determination "
            "regarding responsibility, as decided on appeal, is final on December 12, 2026, the date this decision "
            "is given to the parties.") in letter


def test_an_outcome_given_while_the_window_is_open_is_not_final_and_the_other_party_may_still_appeal(walk):
    with time_machine.travel(at("2026-12-02 11:00"), tick=False):
        appeal_post(portal_client(walk["r"]), [basis(PROCEDURAL)], "Grounds")
    appeal = Appeal.objects.get()
    CaseDeadline.objects.filter(kind="appeal_statement").update(state="met")
    with time_machine.travel(at("2026-12-03 09:00"), tick=False):
        appeal_decide(appeal=appeal, decision="upheld", rationale="No irregularity.", actor=walk["decider"])
        appeal_release(appeal=appeal, actor=walk["manager"])
    letter = _outcome_letter(appeal, "complainant")
    assert ("The determination regarding responsibility is not final yet: the written decision on the appeal was "
            "given to both parties on 2026-12-03, and the appeal window is open until 2026-12-08; without another "
            "appeal it becomes final on 2026-12-09.") in letter
    with time_machine.travel(at("2026-12-05 10:00"), tick=False):
        assert appeal_post(portal_client(walk["c"]), [basis(NEW_EVIDENCE)], "Mine").status_code == 302
    assert Appeal.objects.filter(filed_by=walk["c"]).exists()


def test_the_office_is_told_of_a_portal_appeal_and_statement_by_email_without_content_and_in_my_work(client, walk):
    with time_machine.travel(at("2026-12-03 11:00"), tick=False):
        appeal_post(portal_client(walk["r"]), [basis(PROCEDURAL)], "APPEAL-MARKER grounds")
    appeal = Appeal.objects.get()
    with time_machine.travel(at("2026-12-05 11:00"), tick=False):
        portal_client(walk["c"]).post(f"/portal/appeals/{appeal.pk}/", {"text": "STATEMENT-MARKER fair"})
    told = list(Notification.objects.filter(event="portal.appeal_from_party").order_by("pk"))
    assert [sorted(n.recipients) for n in told] == [sorted([walk["manager"].email, walk["coordinator"].email])] * 2
    assert told[0].subject == f"Appeal filed by a party on {walk['case'].reference}"
    assert told[1].subject == f"Written statement on an appeal from a party on {walk['case'].reference}"
    for notification in told:
        for marker in ("APPEAL-MARKER", "STATEMENT-MARKER", "Zephyrwood", "Vantablack", "irregularity"):
            assert marker not in notification.body_text + notification.body_html + notification.subject
    with time_machine.travel(at("2026-12-05 12:00"), tick=False):
        client.force_login(walk["manager"])
        page = _text(client.get("/admin/cases/staffwork/"))
    work = _plain(page[page.index('id="work-appeals"'):])
    assert f"{walk['case'].reference} · appeal of the determination filed by the respondent on 2026-12-03" in work
    assert f"{walk['case'].reference} · written statement on the appeal by the complainant, received 2026-12-05" in work


def test_the_notice_gives_the_statement_due_date_and_the_other_party_reads_the_appellants_statement(walk):
    with time_machine.travel(at("2026-12-03 11:00"), tick=False):
        appeal_post(portal_client(walk["r"]), [basis(PROCEDURAL), basis(BIAS)], "APPEAL-MARKER my witness")
    appeal = Appeal.objects.get()
    notice = _plain(Letter.objects.get(kind="appeal_filed").html)
    assert ("Your written statement is due by the end of Thursday, December 10, 2026: send it through the party "
            "portal (Appeals) or to IDHR.") in notice
    assert "You may read the appellant's written statement in the party portal" in notice
    with time_machine.travel(at("2026-12-04 10:00"), tick=False):
        client = portal_client(walk["c"])
        page = client.get(f"/portal/appeals/{appeal.pk}/").content.decode()
        assert PROCEDURAL in page and BIAS in page
        statement = appeal.statements.get(party=walk["r"])
        link = f"/portal/documents/{statement.document_id}/pdf/"
        assert link in page
        download = client.get(link)
    assert download.status_code == 200
    assert "APPEAL-MARKER my witness" in pdf_text(b"".join(download.streaming_content))


def test_staff_cannot_record_an_appeal_filed_on_a_day_still_to_come(client, walk):
    client.force_login(walk["manager"])
    with time_machine.travel(at("2026-12-03 11:00"), tick=False):
        response = client.post(f"/admin/cases/case/{walk['case'].pk}/outcome/appeal_file/", {
            "filed_by": walk["r"].pk, "dismissal": "", "bases": [basis(PROCEDURAL).pk, basis(BIAS).pk],
            "grounds": "KEPT-GROUNDS", "filed_on": "2026-12-07"})
    assert response.status_code == 200
    assert response.context["appeal_file_form"].errors == {"filed_on": [
        "The appeal cannot be recorded as filed on 2026-12-07, a day still to come: give the day it was received "
        "(today, 2026-12-03, at the latest)."]}
    assert "KEPT-GROUNDS" in response.content.decode()
    assert not Appeal.objects.exists()


def test_staff_record_every_basis_the_party_chose(client, walk):
    client.force_login(walk["manager"])
    with time_machine.travel(at("2026-12-03 11:00"), tick=False):
        response = client.post(f"/admin/cases/case/{walk['case'].pk}/outcome/appeal_file/", {
            "filed_by": walk["r"].pk, "dismissal": "", "bases": [basis(NEW_EVIDENCE).pk, basis(BIAS).pk],
            "grounds": "By post", "filed_on": "2026-12-02"})
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.filed_on == datetime.date(2026, 12, 2)
    assert [label[:20] for label in appeal.basis_labels] == [NEW_EVIDENCE[:20], BIAS[:20]]


def test_once_final_without_an_appeal_the_case_no_longer_shows_an_appeal_window_or_its_due_date(client, walk):
    from cases.services.finality import determinations_finalise_due

    case = walk["case"]
    Case.objects.filter(pk=case.pk).update(due_on=datetime.date(2026, 12, 8))  # as entering the stage set it
    CaseDeadline.objects.create(
        case=case, kind="appeal_filing", label="Appeal of the determination", basis="34 CFR 106.45(b)(8)",
        start_event="Determination released", starts_on=datetime.date(2026, 12, 1), length_days=5,
        due_on=datetime.date(2026, 12, 8), for_whom="Complainant or respondent",
    )
    with time_machine.travel(at("2026-12-08 12:00"), tick=False):
        client.force_login(walk["manager"])
        assert determinations_finalise_due() == 0  # the last day of the window: not final yet
        page = _text(client.get(f"/admin/cases/case/{case.pk}/change/"))
        assert '<span id="case-status">Appeal window</span>' in page
    with time_machine.travel(at("2026-12-09 00:15"), tick=False):
        assert determinations_finalise_due() == 1
        client.force_login(walk["manager"])
        page = _text(client.get(f"/admin/cases/case/{case.pk}/change/"))
        work = _text(client.get("/admin/cases/staffwork/"))
    assert '<span id="case-status">Determination final</span>' in page
    assert "Final on 2026-12-09 because no appeal was filed by 2026-12-08" in page
    case.refresh_from_db()
    assert case.due_on is None
    assert CaseDeadline.objects.get(case=case, kind="appeal_filing").state == "met"
    overdue = work[work.index('id="work-overdue"'):work.index('id="work-messages"')]
    assert case.reference not in overdue


# --- A remand for a new hearing (issue 24 item 4) -----------------------------------------------


def test_a_remand_sets_the_determination_aside_and_returns_the_case_to_the_hearing_stage(walk):
    from cases.models import Determination, TransitionLog

    Case.objects.filter(pk=walk["case"].pk).update(
        coordinator_signed_complaint_at=at("2026-10-01 10:00"), coordinator_signed_complaint_by=walk["coordinator"]
    )
    with time_machine.travel(at("2026-12-03 11:00"), tick=False):
        appeal_post(portal_client(walk["r"]), [basis(PROCEDURAL)], "The panel refused my witness")
    appeal = Appeal.objects.get()
    with time_machine.travel(at("2026-12-11 09:00"), tick=False):
        with pytest.raises(Exception) as refused:
            appeal_decide(appeal=appeal, decision="remanded", rationale="Witness wrongly excluded.",
                                   result_after_appeal="Responsible", actor=walk["decider"])
        assert refused.value.message_dict == {"result_after_appeal": [
            "A remand for a new hearing sets the determination aside and states no result: leave this empty."]}
        appeal_decide(appeal=appeal, decision="remanded", rationale="Witness wrongly excluded.",
                               actor=walk["decider"])
        appeal_release(appeal=appeal, actor=walk["manager"])
    letter = _outcome_letter(appeal, "complainant")
    assert "Result of the appeal Remanded: the matter is sent back for a new hearing." in letter
    assert ("The determination regarding responsibility is set aside and is not final. A new hearing will be held: "
            "you will be told of its date, time and place in writing.") in letter
    assert "is final on" not in letter
    case = Case.objects.get(pk=walk["case"].pk)
    assert case.status == "investigation"
    move = TransitionLog.objects.filter(case=case).latest("pk")
    assert (move.from_status, move.to_status, move.actor) == ("appeal_window", "investigation", walk["manager"])
    assert move.reason == "Appeal remanded for a new hearing (34 CFR 106.45(b)(8)): the determination is set aside."
    assert Determination.objects.get(case=case).released_at is None
    assert Appeal.objects.get().get_decision_display() == "Remanded for a new hearing"


def test_no_case_goes_back_from_the_appeal_stage_to_the_hearing_stage_without_a_remand(walk):
    from cases.services.workflow import TransitionRefused, case_transition

    Case.objects.filter(pk=walk["case"].pk).update(
        coordinator_signed_complaint_at=at("2026-10-01 10:00"), coordinator_signed_complaint_by=walk["coordinator"]
    )
    case = Case.objects.get(pk=walk["case"].pk)
    with pytest.raises(TransitionRefused) as refused:
        case_transition(case=case, to="investigation", actor=walk["manager"], reason="Try again")
    assert str(refused.value) == (
        "106.45(b)(8): a case at the appeal stage returns to the hearing stage only when the written "
        "decision remanding it for a new hearing was given to both parties.")
