"""Every guard's refusal names the paragraph it enforces and, where something must be done
first, links to where to do it (issue 24, item 5). Paragraphs written out from
../shared/REGULATIONS.md, not read from the code under test."""

import datetime

import pytest
from django.utils import timezone

from cases.models import Case, Determination, InformalResolution
from cases.selectors.guards import GUARD_FUNCTIONS
from cases.workflow import GUARDS

from . import factories

pytestmark = pytest.mark.django_db
S = Case.Status


def _at(case, status, **fields):
    Case.objects.filter(pk=case.pk).update(status=status, **fields)
    case.refresh_from_db()
    return case


def _title_ix(case):
    Case.objects.filter(pk=case.pk).update(is_title_ix=True)
    case.refresh_from_db()
    return case


def _informal_pending(case):
    return InformalResolution.objects.create(case=case, kind=InformalResolution.Kind.MEDIATION)


def _window_open(case, manager):
    today = timezone.localdate()
    Determination.objects.create(
        case=case, outcome=Determination.Outcome.RESPONSIBLE, decided_on=today, decided_by=manager,
        appeal_deadline=datetime.date(2099, 1, 5),
    )
    return _at(case, S.APPEAL_WINDOW)


# guard -> (how the case is made to be refused, the paragraph, the anchor or page to act on)
CASES = {
    "formal_complaint": (lambda case, m: case, "106.30(a), 106.44(b)(1): ", "#formal-complaint"),
    "informal_after_failure": (
        lambda case, m: (_informal_pending(case), _at(case, S.INFORMAL_RESOLUTION))[1],
        "106.45(b)(9): ", "informalresolution",
    ),
    "title_ix_informal_complaint": (lambda case, m: _title_ix(case), "106.45(b)(9): ", "#formal-complaint"),
    "informal": (lambda case, m: case, "106.45(b)(9): ", "#parties-group"),
    "investigator_report": (lambda case, m: case, "106.45(b)(5)(vii): ", "#documents-group"),
    "hearing_record": (lambda case, m: _title_ix(case), "106.45(b)(6)(i): ", "#case-process"),
    "determination_recorded": (lambda case, m: case, "106.45(b)(7): ", "#determination-form"),
    "measures_recorded": (lambda case, m: case, "106.30(a), 106.44(a): ", "#measures-group"),
    "close": (_window_open, "106.45(b)(7)(iii): the appeal window is open until 2099-01-05.", None),
    "dismissed": (lambda case, m: _at(case, S.INVESTIGATION), "106.45(b)(3): ", "#dismissal-form"),
    "remanded": (lambda case, m: _at(case, S.APPEAL_WINDOW), "106.45(b)(8): a case at the appeal stage returns to "
                 "the hearing stage only when the written decision remanding it", "#appeal-decision-form"),
}


def test_every_target_status_names_its_guards():
    assert GUARDS == {
        "investigation": ("formal_complaint", "informal_after_failure", "remanded"),
        "informal_resolution": ("title_ix_informal_complaint", "informal"),
        "determination": ("investigator_report", "hearing_record"),
        "appeal_window": ("determination_recorded",),
        "supportive_measures": ("measures_recorded",),
        "closed": ("close", "dismissed"),
    }
    assert set(GUARD_FUNCTIONS) == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_guard_refusal_names_its_paragraph_and_where_to_act(name, case, manager):
    arrange, paragraph, where = CASES[name]
    case = arrange(case, manager)
    refusal = GUARD_FUNCTIONS[name](case)
    assert refusal is not None and refusal.startswith(paragraph), refusal
    if where is None:
        assert refusal.fix_url == ""
    elif where.startswith("#"):
        assert refusal.fix_url == f"/admin/cases/case/{case.pk}/change/{where}"
        assert refusal.fix_label
    else:
        assert refusal.fix_url.startswith(f"/admin/cases/{where}/")


def test_the_consent_refusal_names_106_45_b_9_ii_and_links_to_the_consents(case, manager):
    factories.PartyFactory(case=case, role="complainant", affiliation="student")
    factories.PartyFactory(case=case, role="respondent", affiliation="student")
    informal = _informal_pending(case)
    refusal = GUARD_FUNCTIONS["informal"](case)
    assert refusal == (
        "106.45(b)(9)(ii): informal resolution needs written, voluntary consent recorded for every "
        "complainant and respondent; missing: complainant, respondent."
    )
    assert refusal.fix_url == f"/admin/cases/informalresolution/{informal.pk}/change/"
