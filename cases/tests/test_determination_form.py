"""The determination form is offered only to whom may record it (34 CFR 106.45(b)(7)(i): the
decision-maker, "who cannot be the same person as the Title IX Coordinator or the
investigator"); once recorded, the page shows what was recorded, and the decision-maker's form
is prefilled with it for a correction until the release (it once came back empty)."""

import html

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from cases import services
from cases.models import Case, CaseDocument, Determination

from . import factories

pytestmark = pytest.mark.django_db
RATIONALE = "The respondent's messages of 3 and 4 March establish the conduct."


@pytest.fixture
def decider(groups):
    return factories.investigator(username="decider", first_name="Dana", last_name="Decider")


@pytest.fixture
def at_determination(case, investigator, coordinator, decider):
    CaseDocument.objects.create(
        case=case, kind=CaseDocument.Kind.INVESTIGATOR_REPORT, filename="report.pdf",
        content_type="application/pdf", size=1, stored_name="cases/x.bin", uploaded_by=investigator,
    )
    Case.objects.filter(pk=case.pk).update(status=Case.Status.DETERMINATION)
    case.refresh_from_db()
    services.case_role_assign(case=case, role="decision_maker", user=decider, actor=coordinator)
    services.conflict_attestation_record(case=case, role="decision_maker", actor=decider)
    return case


def _page(client, user, case) -> str:
    client.force_login(user)
    return html.unescape(client.get(f"/admin/cases/case/{case.pk}/change/").content.decode())


def test_only_the_decision_maker_is_offered_the_determination_form(
    client, at_determination, investigator, manager, coordinator, decider
):
    for user in (investigator, manager, coordinator):
        assert 'id="determination-form"' not in _page(client, user, at_determination), user.username
    assert 'id="determination-form"' in _page(client, decider, at_determination)


def test_a_recorded_determination_is_shown_and_prefilled_for_correction_until_released(
    client, at_determination, manager, decider
):
    client.force_login(decider)
    response = client.post(f"/admin/cases/case/{at_determination.pk}/determination/", {
        "outcome": "responsible", "standard_of_evidence": "clear_and_convincing", "rationale": RATIONALE,
        "remedies_provided": "on", "remedies_description": "A housing move"})
    assert response.status_code == 302
    today = timezone.localdate()

    page = _page(client, decider, at_determination)
    form = page[page.index('id="determination-form"'):page.index("</form>", page.index('id="determination-form"'))]
    assert '<option value="responsible" selected>' in form
    assert '<option value="clear_and_convincing" selected>' in form
    assert f">\n{RATIONALE}</textarea>" in form
    assert "Save the corrected determination" in form

    shown = _page(client, manager, at_determination)
    assert 'id="determination-form"' not in shown
    recorded = shown[shown.index('id="determination-recorded"'):]
    assert f"Determination recorded on {date_format(today)} by Dana Decider" in recorded  # "Nov. 30, 2026"
    assert f"Rationale: {RATIONALE}" in " ".join(
        recorded.replace("<strong>", "").replace("</strong>", "").split())
    assert "Remedies provided to the complainant: yes: A housing move" in " ".join(
        recorded.replace("<strong>", "").replace("</strong>", "").split())

    Determination.objects.filter(case=at_determination).update(released_at=timezone.now())
    assert 'id="determination-form"' not in _page(client, decider, at_determination)
