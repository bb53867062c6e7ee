"""My work: letters published to a party in the portal that nobody opened yet (issue 16, item 5)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Letter, LetterReceipt
from cases.services.letters import letter_template_current

from . import factories

pytestmark = pytest.mark.django_db


def _letter(case, party, actor, *, published_days_ago=None, channel="portal", opened=None):
    now = timezone.now()
    letter = Letter.objects.create(
        case=case, kind="hearing", template=letter_template_current("hearing"), recipient=party,
        html="<p>Notice</p>", prepared_by=actor,
        sent_at=None if published_days_ago is None else now - datetime.timedelta(days=published_days_ago),
        sent_channel="" if published_days_ago is None else channel, sent_by=None if published_days_ago is None else actor,
    )
    if opened is not None:
        LetterReceipt.objects.create(letter=letter, first_opened_at=now - datetime.timedelta(days=opened) if opened else None)
    return letter


def test_my_work_lists_letters_published_in_the_portal_and_not_opened_oldest_first(client, manager, other_manager):
    mine = factories.CaseFactory(reference="C-2026-MINE1", case_manager=manager, status="investigation")
    party = factories.PartyFactory(case=mine, role="respondent", name="Quillon Marker")
    oldest = _letter(mine, party, manager, published_days_ago=5)  # no receipt row at all
    newer = _letter(mine, party, manager, published_days_ago=3, opened=0)  # receipt: notice only, never opened
    _letter(mine, party, manager, published_days_ago=12, opened=2)  # opened two days ago
    _letter(mine, party, manager, published_days_ago=20, channel="post")  # not through the portal
    _letter(mine, party, manager)  # prepared, not published
    closed = factories.CaseFactory(reference="C-2026-SHUT1", case_manager=manager, status="closed")
    _letter(closed, factories.PartyFactory(case=closed), manager, published_days_ago=30)
    theirs = factories.CaseFactory(reference="C-2026-THEIR", case_manager=other_manager, status="investigation")
    _letter(theirs, factories.PartyFactory(case=theirs), other_manager, published_days_ago=15)

    client.force_login(manager)
    response = client.get(reverse("admin:cases_staffwork_changelist"))

    assert [letter.pk for letter in response.context["work"]["letters_unopened"]] == [oldest.pk, newer.pk]
    page = response.content.decode()
    start = page.index('id="work-letters-unopened"')
    section = page[start:page.index("</div>", start)]
    assert "C-2026-MINE1" in section
    assert "Notice of hearing</a> → Respondent · published" in section
    assert "(5\xa0days ago)" in section
    assert "(3\xa0days ago)" in section
    assert section.index("5\xa0days ago") < section.index("3\xa0days ago")
    assert "C-2026-SHUT1" not in section and "C-2026-THEIR" not in section


def test_my_work_says_when_every_published_letter_was_opened(client, manager):
    case = factories.CaseFactory(case_manager=manager, status="investigation")
    _letter(case, factories.PartyFactory(case=case), manager, published_days_ago=4, opened=1)
    client.force_login(manager)
    page = client.get(reverse("admin:cases_staffwork_changelist")).content.decode()
    assert "Every letter published in the portal has been opened." in page
