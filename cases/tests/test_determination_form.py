"""The determination form is offered only to whom may record it (34 CFR 106.45(b)(7)(i): the
decision-maker, "who cannot be the same person as the Title IX Coordinator or the
investigator"); once recorded, the page shows what was recorded, and the decision-maker's form
is prefilled with it for a correction until the release (it once came back empty)."""

import html

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from cases.models import Case, CaseDocument, Determination
from cases.services.assignments import case_role_assign, conflict_attestation_record
from cases.services.outcomes import determination_record

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
    case_role_assign(case=case, role="decision_maker", user=decider, actor=coordinator)
    conflict_attestation_record(case=case, role="decision_maker", actor=decider)
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


# --- Nothing assumed: no outcome pre-selected, a rationale per allegation and overall (issue 24 item 4) ---


@pytest.fixture
def two_allegations(at_determination, coordinator):
    from cases.models import Allegation, Party

    complainant = factories.PartyFactory(case=at_determination, role=Party.Role.COMPLAINANT, affiliation="student")
    respondent = factories.PartyFactory(case=at_determination, role=Party.Role.RESPONDENT, affiliation="student")
    return [
        Allegation.objects.create(case=at_determination, number=number, respondent=respondent,
                                  complainant=complainant, conduct=f"Conduct {number}", policy_provision=provision,
                                  added_by=coordinator)
        for number, provision in ((1, "Sexual harassment"), (2, "Stalking"))
    ]


def _form_html(page: str) -> str:
    start = page.index('id="determination-form"')
    return page[start:page.index("</form>", start)]


def test_the_new_form_chooses_no_outcome_and_no_result_and_asks_a_rationale_per_allegation(
    client, at_determination, two_allegations, decider
):
    form = _form_html(_page(client, decider, at_determination))
    assert '<select name="outcome" required id="id_outcome">\n  <option value="" selected>---------</option>' in form
    assert 'value="responsible" selected' not in form and 'value="not_responsible" selected' not in form
    for allegation in two_allegations:
        assert f'name="finding_{allegation.pk}_result"' in form
        assert f'name="finding_{allegation.pk}_rationale"' in form
    assert "Allegation 1: rationale for the result" in form and "Allegation 2: result" in form
    assert "overall rationale" in form


def test_one_click_records_nothing_and_says_what_is_missing_beside_each_field(
    client, at_determination, two_allegations, decider
):
    client.force_login(decider)
    response = client.post(f"/admin/cases/case/{at_determination.pk}/determination/",
                           {"standard_of_evidence": "preponderance", "outcome": "", "rationale": ""})
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert not Determination.objects.filter(case=at_determination).exists()
    for message in ("Choose the outcome.", "Write the rationale for the determination.",
                    "Choose the result on allegation 1.", "Write the rationale for the result on allegation 1.",
                    "Choose the result on allegation 2.", "Write the rationale for the result on allegation 2.",
                    "Write the findings of fact on allegation 2."):
        assert message in page, message


def test_a_complete_form_records_the_determination_with_a_finding_on_each_allegation_and_keeps_what_was_typed(
    client, at_determination, two_allegations, decider
):
    first, second = two_allegations
    data = {
        "outcome": "not_responsible", "standard_of_evidence": "preponderance", "rationale": RATIONALE,
        f"finding_{first.pk}_result": "responsible", f"finding_{first.pk}_facts": "FACTS-ONE",
        f"finding_{first.pk}_rationale": "RATIONALE-ONE",
        f"finding_{second.pk}_result": "not_responsible", f"finding_{second.pk}_facts": "FACTS-TWO",
        f"finding_{second.pk}_rationale": "RATIONALE-TWO",
    }
    client.force_login(decider)
    url = f"/admin/cases/case/{at_determination.pk}/determination/"
    # "Not responsible" while allegation 1 is "responsible": refused on the outcome, nothing lost.
    refused = client.post(url, data)
    page = html.unescape(refused.content.decode())
    assert refused.status_code == 200 and not Determination.objects.filter(case=at_determination).exists()
    assert "The outcome does not match the results on the allegations: it is “Responsible”." in page
    assert "RATIONALE-TWO" in page and RATIONALE in page
    assert client.post(url, {**data, "outcome": "responsible"}).status_code == 302
    determination = Determination.objects.get(case=at_determination)
    assert (determination.outcome, determination.rationale) == ("responsible", RATIONALE)
    rows = [(f.allegation.number, f.result, f.findings_of_fact, f.rationale, f.policy_provision)
            for f in determination.findings]
    assert rows == [(1, "responsible", "FACTS-ONE", "RATIONALE-ONE", "Sexual harassment"),
                    (2, "not_responsible", "FACTS-TWO", "RATIONALE-TWO", "Stalking")]
    # The correction form comes back with each allegation's finding filled in.
    form = _form_html(_page(client, decider, at_determination))
    assert "RATIONALE-ONE</textarea>" in form and "FACTS-TWO</textarea>" in form


def test_the_service_refuses_a_determination_without_a_rationale(at_determination, decider):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        determination_record(case=at_determination, outcome="responsible",
                                      standard_of_evidence="preponderance", rationale="  ", actor=decider)
    assert refused.value.message_dict == {"rationale": ["Write the rationale for the determination."]}
    assert not Determination.objects.filter(case=at_determination).exists()
