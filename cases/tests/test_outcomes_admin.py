"""The outcome actions on the case page: a refusal says why on its form and keeps what was typed;
the lists behind them are the Title IX coordinator's to edit."""

import html

import pytest

from cases.models import Case, Dismissal, Party, TrackStep
from cases.outcome_seeds import outcome_lists_ensure
from cases.services.parties import case_process_track_derive
from cases.services.workflow import case_formal_complaint_sign

from . import factories

pytestmark = pytest.mark.django_db
REASON = "The conduct took place during a family holiday in Portugal."


@pytest.fixture(autouse=True)
def outcome_lists(db):
    outcome_lists_ensure()


def _title_ix_case(case, coordinator):
    factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT, affiliation="student")
    factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, affiliation="student")
    for field in ("title_ix_category", "ti_in_program_at_filing", "ti_in_institute_program", "ti_in_united_states"):
        setattr(case, field, True)
    case.status = Case.Status.INVESTIGATION
    case.save()
    case_formal_complaint_sign(case=case, actor=coordinator)
    case_process_track_derive(case=case)


def test_a_refused_dismissal_says_why_beside_the_ground_and_keeps_the_reasons_typed(client, case, manager, coordinator):
    _title_ix_case(case, coordinator)
    client.force_login(manager)

    response = client.post(
        f"/admin/cases/case/{case.pk}/outcome/dismissal/",
        {"ground": "not_in_united_states", "reason": REASON, "continue_on_track": "on"},
    )

    assert response.status_code == 200
    form = response.context["dismissal_form"]
    assert form.errors == {
        "ground": [
            "This ground needs the Title IX determination to say so: record “occurred in the United States” "
            "as no on the case first."
        ]
    }
    page = html.unescape(response.content.decode())
    assert REASON in page
    assert '<option value="not_in_united_states" selected>' in page
    assert not Dismissal.objects.exists()


def test_a_dismissal_on_the_case_page_continues_on_the_non_title_ix_track(client, case, manager, coordinator):
    _title_ix_case(case, coordinator)
    Case.objects.filter(pk=case.pk).update(ti_in_united_states=False)
    client.force_login(manager)

    response = client.post(
        f"/admin/cases/case/{case.pk}/outcome/dismissal/",
        {"ground": "not_in_united_states", "reason": REASON, "continue_on_track": "on"},
    )

    assert response.status_code == 302
    page = client.get(f"/admin/cases/case/{case.pk}/change/").content.decode()
    assert "continues on" in page
    assert "Complaint resolution under" not in page  # the student track's steps, not the employee's
    assert "Complaint referred to the Committee on Discipline" in page


def test_the_track_steps_are_the_coordinators_to_edit(client, manager, coordinator):
    step = TrackStep.objects.filter(track="employee_pp98").first()
    client.force_login(manager)
    refused = client.post(
        f"/admin/cases/trackstep/{step.pk}/change/",
        {"track": step.track, "order": 1, "name": "Changed by a case manager", "active": "on"},
    )
    assert refused.status_code == 403
    client.force_login(coordinator)
    done = client.post(
        f"/admin/cases/trackstep/{step.pk}/change/",
        {"track": step.track, "order": 1, "name": "Intake by Human Resources", "description": "", "source": "",
         "active": "on"},
    )
    assert done.status_code == 302
    step.refresh_from_db()
    assert step.name == "Intake by Human Resources"


FACTS = "Text messages of 3 and 4 March show the respondent followed the complainant home."


def test_a_finding_posted_by_the_coordinator_is_refused_with_the_facts_typed_kept(client, case, coordinator):
    import datetime

    from cases.models import Allegation, Determination

    _title_ix_case(case, coordinator)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.DETERMINATION)
    allegation = Allegation.objects.create(
        case=case, number=1, respondent=case.parties.get(role="respondent"), conduct="Followed home",
        policy_provision="Stalking", added_by=coordinator,
    )
    Determination.objects.create(
        case=case, outcome="responsible", decided_on=datetime.date(2026, 11, 30),
        appeal_deadline=datetime.date(2026, 12, 7), decided_by=coordinator,
    )
    client.force_login(coordinator)

    response = client.post(
        f"/admin/cases/case/{case.pk}/outcome/finding/",
        {"allegation": allegation.pk, "findings_of_fact": FACTS, "policy_provision": "Stalking",
         "result": "responsible", "rationale": "Consistent accounts"},
    )

    assert response.status_code == 200
    assert response.context["finding_form"].non_field_errors() == [
        "The Title IX coordinator may not record the determination: only a decision-maker of the case does."
    ]
    assert FACTS in html.unescape(response.content.decode())
