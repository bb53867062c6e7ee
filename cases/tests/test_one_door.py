"""One door: every change of a case's status goes through case_transition (issue 24, item 1).

A dismissal of the formal complaint that does not continue on another track closes the case
(34 CFR 106.45(b)(3)); it does so through case_transition, which writes exactly one
TransitionLog row (actor, reason) linked to its timeline row. Investigation -> closed is
allowed by the table only with a dismissal recorded in that stage: any other way is refused.
"""

import ast
import pathlib
import re

import pytest

from cases.models import Case, Dismissal, Party, TimelineEvent, TransitionLog
from cases.services.dismissal import dismissal_record
from cases.services.parties import case_process_track_derive
from cases.services.workflow import TransitionRefused, case_formal_complaint_sign, case_transition

from . import factories

pytestmark = pytest.mark.django_db
S = Case.Status
ROOT = pathlib.Path(__file__).resolve().parents[2]
NO_MEASURES = "The complainant declined every measure offered, in writing."


def _formal_investigation(case, coordinator):
    """A signed Title IX formal complaint under investigation, with both parties."""
    factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT, affiliation="student")
    factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, affiliation="student")
    for field in ("title_ix_category", "ti_in_program_at_filing", "ti_in_institute_program", "ti_in_united_states"):
        setattr(case, field, True)
    case.status = S.INVESTIGATION
    case.save()
    case_formal_complaint_sign(case=case, actor=coordinator)
    case_process_track_derive(case=case)
    case.refresh_from_db()
    return case


def test_a_dismissal_that_closes_the_case_writes_exactly_one_transition_log_row_through_case_transition(
    case, coordinator
):
    case = _formal_investigation(case, coordinator)
    dismissal_record(
        case=case, ground="withdrawn", reason="Written withdrawal of 2026-11-20", continue_on_track=False,
        no_measures_reason=NO_MEASURES, actor=coordinator,
    )
    case.refresh_from_db()
    assert case.status == "closed" and case.closed_at is not None
    [log] = TransitionLog.objects.filter(case=case)
    assert (log.from_status, log.to_status, log.actor) == ("investigation", "closed", coordinator)
    assert log.reason == (
        "Dismissed: Discretionary: the complainant withdrew the formal complaint or allegations in writing. "
        "Written withdrawal of 2026-11-20"
    )
    # Only case_transition links the log row to its timeline row, and records the texts closing asks.
    assert log.timeline_event.summary == (
        "Formal investigation → Closed (reason recorded); why no supportive measures recorded"
    )
    assert case.no_measures_reason == NO_MEASURES
    assert TimelineEvent.objects.filter(case=case, kind="transition", summary__contains="→").count() == 1


def test_a_dismissal_that_would_close_without_why_no_measures_is_refused_and_records_nothing(case, coordinator):
    case = _formal_investigation(case, coordinator)
    with pytest.raises(Exception, match=r"106\.45\(b\)\(10\)\(ii\)"):
        dismissal_record(
            case=case, ground="withdrawn", reason="Withdrawn", continue_on_track=False, actor=coordinator
        )
    case.refresh_from_db()
    assert case.status == "investigation"
    assert not Dismissal.objects.filter(case=case).exists()
    assert not TransitionLog.objects.filter(case=case).exists()


def test_investigation_to_closed_without_a_dismissal_is_refused(case, coordinator):
    case = _formal_investigation(case, coordinator)
    with pytest.raises(TransitionRefused, match="closes only by a dismissal"):
        case_transition(case=case, to=S.CLOSED, actor=coordinator, reason="Done", no_measures_reason=NO_MEASURES)
    case.refresh_from_db()
    assert case.status == "investigation"
    assert not TransitionLog.objects.exists()


def test_a_dismissal_that_continues_on_the_other_track_does_not_open_the_way_to_closing(case, coordinator):
    case = _formal_investigation(case, coordinator)
    dismissal_record(case=case, ground="withdrawn", reason="Withdrawn", actor=coordinator)
    case.refresh_from_db()
    assert case.status == "investigation" and case.process_track == "student_cod"
    with pytest.raises(TransitionRefused, match="closes only by a dismissal"):
        case_transition(case=case, to=S.CLOSED, actor=coordinator, reason="Done", no_measures_reason=NO_MEASURES)


def test_a_dismissal_from_before_the_case_was_reopened_does_not_close_the_new_investigation(case, coordinator):
    case = _formal_investigation(case, coordinator)
    dismissal_record(
        case=case, ground="withdrawn", reason="Withdrawn", continue_on_track=False,
        no_measures_reason=NO_MEASURES, actor=coordinator,
    )
    case.refresh_from_db()
    case_transition(case=case, to=S.ASSESSMENT, actor=coordinator, reason="The appeal overturned the dismissal")
    case_transition(
        case=case, to=S.INVESTIGATION, actor=coordinator, reason="Investigation resumes",
        response_basis="Formal complaint investigated",
    )
    with pytest.raises(TransitionRefused, match="closes only by a dismissal"):
        case_transition(case=case, to=S.CLOSED, actor=coordinator, reason="Done", no_measures_reason=NO_MEASURES)


def test_the_case_page_cannot_close_an_investigation_without_a_dismissal(client, case, coordinator):
    case = _formal_investigation(case, coordinator)
    client.force_login(coordinator)
    response = client.post(
        f"/admin/cases/case/{case.pk}/transition/",
        {"to": "closed", "reason": "Done", "no_measures_reason": NO_MEASURES, "confirmed": "1"},
    )
    assert response.status_code == 200
    assert "closes only by a dismissal" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "investigation"
    assert not TransitionLog.objects.exists()


def _calls_outside_the_door():
    """Every write of a case's status or of a TransitionLog row outside case_transition."""
    door = ROOT / "cases" / "services" / "workflow.py"
    found = []
    # The project's apps (bench/ builds benchmark data: it creates cases at a status, moves none).
    paths = [path for app in ("cases", "reports", "resources", "notifications", "idhr_portal")
             for path in sorted((ROOT / app).rglob("*.py"))]
    for path in paths:
        parts = path.relative_to(ROOT).parts
        if path == door or "tests" in parts or "migrations" in parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            text = ast.unparse(node) if isinstance(node, ast.Call | ast.Assign) else ""
            if isinstance(node, ast.Call) and text.startswith("TransitionLog.objects.create("):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if isinstance(node, ast.Call) and ".update(" in text and "status=" in text.split(".update(", 1)[1]:
                head = text.split(".update(", 1)[0]  # what is updated: a Case, not another model's status
                if re.search(r"\bCase\.objects\b", head) or re.search(r"\bcases?\b", head):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if isinstance(node, ast.Assign):
                targets = [t for target in node.targets for t in getattr(target, "elts", [target])]
                if any(ast.unparse(t) in ("case.status", "locked.status") for t in targets):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_no_module_but_case_transition_writes_a_case_status_or_a_transition_log_row():
    assert _calls_outside_the_door() == []

