"""Pickers that show who is who, to those allowed to see identities."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.admin.forms import AddToCaseForm
from cases.models import CaseDocument, InformalResolution
from cases.services.documents import case_document_add

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_respondents(manager):
    case = factories.CaseFactory(reference="C-2026-PICK1", case_manager=manager)
    alex = factories.PartyFactory(case=case, role="respondent", name="Alex Morgan", affiliation="student")
    factories.PartyFactory(case=case, role="respondent", name="Jordan Lee", affiliation="employee")
    return case, alex


def test_the_party_select_of_a_measure_names_each_party(client, manager, two_respondents):
    case, alex = two_respondents
    measure = factories.SupportiveMeasureFactory(case=case, party=alex, created_by=manager)
    client.force_login(manager)
    page = client.get(reverse("admin:cases_supportivemeasure_change", args=[measure.pk])).content.decode()
    assert "Alex Morgan — respondent (student)</option>" in page
    assert "Jordan Lee — respondent (employee (faculty or staff))</option>" in page
    case_page = client.get(reverse("admin:cases_case_change", args=[case.pk])).content.decode()
    assert "Jordan Lee — respondent (employee (faculty or staff))</option>" in case_page


def test_the_document_select_shows_file_name_kind_and_date(client, manager, two_respondents):
    case, _alex = two_respondents
    case_document_add(
        case=case, kind=CaseDocument.Kind.CONSENT, filename="consent-alex.pdf",
        content_type="application/pdf", data=b"%PDF-1.4 consent", actor=manager,
    )
    informal = InformalResolution.objects.create(case=case, kind=InformalResolution.Kind.MEDIATION)
    client.force_login(manager)
    page = client.get(reverse("admin:cases_informalresolution_change", args=[informal.pk])).content.decode()
    today = timezone.localdate().isoformat()
    assert f"consent-alex.pdf · Written consent · {today}</option>" in page


def test_the_add_to_case_picker_shows_reference_category_names_and_status(manager, brt, two_respondents):
    choices = [label for _value, label in AddToCaseForm(user=manager).fields["case"].choices]
    assert "C-2026-PICK1 · Sexual harassment · Alex Morgan (respondent), Jordan Lee (respondent) · New" in choices


def test_pickers_name_no_one_for_a_user_who_may_not_see_identities(brt, two_respondents):
    case, _alex = two_respondents
    case.shared_with_brt = True
    case.save()
    labels = " ".join(str(label) for _v, label in AddToCaseForm(user=brt).fields["case"].choices)
    assert "Alex Morgan" not in labels
