"""Letters and clocks of the formal process: the shared foundation.

A letter keeps the template version it was made from; a template change is a new
version; letters released together (a determination to both parties, 106.45(b)(7)(iv))
are only ever marked sent together. Clocks count calendar or business days.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cases.models import Letter, LetterTemplate, Party
from cases.services.deadlines import deadline_due_on
from cases.services.letters import letter_mark_sent, letter_prepare, letter_template_save

from . import factories

pytestmark = pytest.mark.django_db


def _case_with_parties():
    manager = factories.case_manager()
    case = factories.CaseFactory(case_manager=manager)
    complainant = factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT, name="Jordan Lee")
    respondent = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, name="Alex Morgan")
    return manager, case, complainant, respondent


def test_letter_keeps_the_template_version_it_was_made_from():
    manager, case, complainant, _respondent = _case_with_parties()
    first = letter_prepare(case=case, kind="allegations", recipients=[complainant], actor=manager)[0]
    assert first.template.version == 1
    assert "presumed not responsible" in first.html
    assert "Jordan Lee" in first.html
    letter_template_save(
        kind="allegations",
        title="Notice of allegations",
        body="<p>New text for {{ case.reference }}</p>",
        actor=factories.coordinator(),
    )
    second = letter_prepare(case=case, kind="allegations", recipients=[complainant], actor=manager)[0]
    assert second.template.version == 2
    assert second.html == f"<p>New text for {case.reference}</p>"
    first.refresh_from_db()
    assert first.template.version == 1 and "presumed not responsible" in first.html
    assert LetterTemplate.objects.filter(kind="allegations").count() == 2


def test_a_template_with_a_syntax_error_is_refused():
    with pytest.raises(ValidationError):
        letter_template_save(kind="outcome", title="x", body="{% if %}", actor=factories.coordinator())


def test_letters_released_together_are_sent_together():
    manager, case, complainant, respondent = _case_with_parties()
    letters = letter_prepare(
        case=case, kind="outcome", recipients=[complainant, respondent], actor=manager, batch=True
    )
    with pytest.raises(ValidationError):
        letter_mark_sent(letters=letters[:1], channel="post", actor=manager)
    assert not Letter.objects.filter(case=case, sent_at__isnull=False).exists()
    letter_mark_sent(letters=letters, channel="post", actor=manager)
    sent = list(Letter.objects.filter(case=case).values_list("sent_at", flat=True))
    assert len(sent) == 2 and sent[0] == sent[1] is not None


def test_clock_counts_calendar_and_business_days():
    # Friday 2026-11-27 + 10 calendar days = Monday 2026-12-07; + 10 business days = Friday 2026-12-11.
    friday = datetime.date(2026, 11, 27)
    assert deadline_due_on(starts_on=friday, length_days=10, business_days=False) == datetime.date(2026, 12, 7)
    assert deadline_due_on(starts_on=friday, length_days=10, business_days=True) == datetime.date(2026, 12, 11)
