# ruff: noqa: F811  (the title_ix fixture is imported from test_hearing)
"""Issue 24: a step sent from a second window (another form token) is not done twice."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cases.models import EvidenceReview, Letter
from cases.services.evidence_review import evidence_review_send

from .test_hearing import title_ix  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_the_evidence_sent_again_from_a_second_window_the_same_day_is_not_sent_twice(title_ix):
    t = title_ix
    on = datetime.date(2026, 11, 2)
    evidence_review_send(case=t["case"], actor=t["investigator"], sent_on=on)
    letters = Letter.objects.filter(case=t["case"], kind="evidence_review").count()
    with pytest.raises(ValidationError, match="This evidence was already sent for review on 2026-11-02"):
        evidence_review_send(case=t["case"], actor=t["investigator"], sent_on=on)
    assert EvidenceReview.objects.filter(case=t["case"]).count() == 1
    assert Letter.objects.filter(case=t["case"], kind="evidence_review").count() == letters
