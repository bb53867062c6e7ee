"""A save the service refuses shows the same form again, with the service's message and what was typed.

Policy (issue 11): field errors beside the field, others at the top of the form or row,
every input kept, status 200; 403 only for real permission problems.
"""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.admin.mixins import refusal_to_form
from cases.models import Appeal, Case, Determination, Party, Sanction

from . import factories

pytestmark = pytest.mark.django_db


def _form_data(response) -> dict:
    """What the browser would send back for the change page shown in `response`."""
    data = {}
    forms_shown = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms_shown += [inline.formset.management_form, *inline.formset.forms]
    for form in forms_shown:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    return data


def _decided_case(manager, *, status, outcome, deadline):
    case = factories.CaseFactory(case_manager=manager, status=status)
    complainant = factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT)
    respondent = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT)
    determination = Determination.objects.create(
        case=case,
        outcome=outcome,
        decided_on=deadline - datetime.timedelta(days=5),
        appeal_deadline=deadline,
        decided_by=manager,
    )
    return case, complainant, respondent, determination


def test_a_sanction_after_not_responsible_is_refused_on_the_same_form(client, manager):
    case, _complainant, respondent, determination = _decided_case(
        manager,
        status=Case.Status.APPEAL_WINDOW,
        outcome=Determination.Outcome.NOT_RESPONSIBLE,
        deadline=timezone.localdate() + datetime.timedelta(days=3),
    )
    client.force_login(manager)
    url = f"/admin/cases/determination/{determination.pk}/change/"
    response = client.post(
        url,
        {
            "sanctions-TOTAL_FORMS": "1",
            "sanctions-INITIAL_FORMS": "0",
            "sanctions-MIN_NUM_FORMS": "0",
            "sanctions-MAX_NUM_FORMS": "1000",
            "sanctions-0-party": str(respondent.pk),
            "sanctions-0-kind": "probation",
            "sanctions-0-details": "One semester of conduct probation",
            "_continue": "Save and continue editing",
        },
    )

    assert response.status_code == 200
    row = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert row.non_field_errors() == ["Sanctions can only follow a “responsible” determination."]
    page = response.content.decode()
    assert "Sanctions can only follow a “responsible” determination." in page
    assert "One semester of conduct probation" in page  # the details typed are still in the field
    assert f'<option value="{respondent.pk}" selected>' in page
    assert not Sanction.objects.exists()


def test_an_appeal_after_the_window_is_refused_on_the_case_page_with_the_input_kept(client, manager):
    deadline = timezone.localdate() - datetime.timedelta(days=2)
    case, complainant, _respondent, _determination = _decided_case(
        manager, status=Case.Status.APPEAL_WINDOW, outcome=Determination.Outcome.RESPONSIBLE, deadline=deadline
    )
    client.force_login(manager)
    url = f"/admin/cases/case/{case.pk}/change/"
    data = _form_data(client.get(url))
    data.update(
        {
            "appeals-TOTAL_FORMS": "1",
            "appeals-0-filed_by": str(complainant.pk),
            "appeals-0-filed_on": timezone.localdate().isoformat(),
            "appeals-0-grounds": "The panel did not hear my witness",
            "appeals-0-decision": "pending",
            "_continue": "Save and continue editing",
        }
    )

    response = client.post(url, data)

    assert response.status_code == 200
    message = f"The appeal window closed on {deadline.isoformat()}."
    appeals = next(i for i in response.context["inline_admin_formsets"] if i.formset.prefix == "appeals")
    assert appeals.formset.forms[0].non_field_errors() == [message]
    page = response.content.decode()
    assert message in page
    assert "The panel did not hear my witness" in page
    assert not Appeal.objects.filter(case=case).exists()


class _MeasureForm(forms.Form):
    party = forms.CharField()
    details = forms.CharField(required=False)


def test_a_refusal_naming_a_field_goes_beside_that_field_and_others_to_the_top():
    form = _MeasureForm(data={"party": "7", "details": "typed"})
    assert form.is_valid()

    refusal_to_form(form, ValidationError({"party": "Choose a party of this case.", "case": "Closed."}))
    refusal_to_form(form, ValidationError("Supportive measures are recorded while a case is open."))

    assert form.errors["party"] == ["Choose a party of this case."]
    assert form.non_field_errors() == ["Closed.", "Supportive measures are recorded while a case is open."]
    assert form["details"].value() == "typed"


def test_a_real_permission_problem_is_still_403(client, manager, brt):
    case = factories.CaseFactory(case_manager=manager, shared_with_brt=True)
    client.force_login(brt)
    response = client.post(f"/admin/cases/case/{case.pk}/change/", {"_continue": "Save"})
    assert response.status_code == 403
