"""Issue 15 item 2: each letter published in the portal records when it was published, when
the SMTP server accepted its notice email, when it was first opened and downloaded; a letter
nobody opened after PORTAL_UNOPENED_DAYS (5) days raises a "follow up by phone or post"
deadline on the case, once, due 2 business days later; opening it makes the deadline no
longer needed. Literal dates: published Tuesday 2026-12-01 at 10:00 office time.
"""

import datetime

import pytest
import time_machine
from django.conf import settings as django_settings

from cases.models import CaseDeadline, TimelineEvent
from cases.selectors.portal import letter_delivery
from cases.services.letters import letter_prepare
from cases.services.portal import letter_send_via_portal
from cases.services.portal_party import letters_unopened_follow_up

from .test_portal import deliver_all, make_case, smtp_server  # noqa: F401
from .test_portal_review import at, portal_client

pytestmark = pytest.mark.django_db


def published_letter():
    manager, case, complainant, respondent = make_case()
    (letter,) = letter_prepare(case=case, kind="allegations", recipients=[respondent], actor=manager)
    with time_machine.travel(at("2026-12-01 10:00"), tick=False):
        letter_send_via_portal(letters=[letter], actor=manager)
    letter.refresh_from_db()
    return case, respondent, letter


def test_each_letter_records_published_notice_accepted_first_opened_and_downloaded_at(smtp_server):  # noqa: F811
    case, respondent, letter = published_letter()
    with time_machine.travel(at("2026-12-01 10:02"), tick=False):
        deliver_all()
    with time_machine.travel(at("2026-12-02 18:30"), tick=False):
        portal_client(respondent).get(f"/portal/letters/{letter.pk}/")
    with time_machine.travel(at("2026-12-03 07:15"), tick=False):
        portal_client(respondent).get(f"/portal/letters/{letter.pk}/pdf/")
        portal_client(respondent).get(f"/portal/letters/{letter.pk}/")  # a second opening changes nothing
    assert letter_delivery(letter=letter) == {
        "published_at": at("2026-12-01 10:00"),
        "notice_accepted_at": at("2026-12-01 10:02"),
        "first_opened_at": at("2026-12-02 18:30"),
        "downloaded_at": at("2026-12-03 07:15"),
    }


def test_a_letter_unopened_for_five_days_raises_one_follow_up_deadline_on_the_case():
    case, respondent, letter = published_letter()
    assert letters_unopened_follow_up(today=datetime.date(2026, 12, 5)) == 0  # 4 days
    assert letters_unopened_follow_up(today=datetime.date(2026, 12, 6)) == 1  # 5 days
    assert letters_unopened_follow_up(today=datetime.date(2026, 12, 7)) == 0  # once only
    (deadline,) = CaseDeadline.objects.filter(case=case, kind="letter_follow_up")
    assert deadline.label == "Follow up by phone or post: Notice of allegations to the respondent not opened in the portal"
    assert deadline.starts_on == datetime.date(2026, 12, 6)
    assert deadline.due_on == datetime.date(2026, 12, 8)  # Sunday + 2 business days: Tuesday
    assert deadline.party == respondent and deadline.state == "open"
    assert TimelineEvent.objects.filter(case=case, kind="deadline", summary__startswith="Follow up by phone").exists()
    with time_machine.travel(at("2026-12-07 09:00"), tick=False):
        portal_client(respondent).get(f"/portal/letters/{letter.pk}/")
    deadline.refresh_from_db()
    assert deadline.state == CaseDeadline.State.CANCELLED


def test_the_number_of_days_is_a_setting(settings):
    published_letter()
    settings.PORTAL_UNOPENED_DAYS = 3
    assert letters_unopened_follow_up(today=datetime.date(2026, 12, 3)) == 0  # 2 days
    assert letters_unopened_follow_up(today=datetime.date(2026, 12, 4)) == 1  # 3 days


def test_a_letter_opened_in_time_raises_no_follow_up():
    case, respondent, letter = published_letter()
    with time_machine.travel(at("2026-12-05 20:00"), tick=False):
        portal_client(respondent).get(f"/portal/letters/{letter.pk}/")
    assert letters_unopened_follow_up(today=datetime.date(2026, 12, 9)) == 0
    assert not CaseDeadline.objects.filter(kind="letter_follow_up").exists()


def test_the_follow_up_runs_daily_before_the_digest():
    entry = django_settings.CELERY_BEAT_SCHEDULE["cases-portal-unopened-letters"]
    assert entry["task"] == "cases.portal_unopened_letters"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({6}, {30})
    from cases.tasks import portal_unopened_letters

    assert portal_unopened_letters.name == "cases.portal_unopened_letters"
