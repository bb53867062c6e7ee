"""The coordinator answers "who looked, who changed this and why?" in a real browser, on a
phone and on a desktop: the grouped access log, one group's entries, a refused attempt, the
case history with names, old → new and reasons."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Hearing
from cases.permissions import role_groups_sync
from cases.services.hearing import hearing_cancel
from idhr_portal.testing.browser import PHONE, assert_accessible, screenshot

from . import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def _sign_in(page, username):
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 800}], ids=["phone", "desktop"])
def test_the_coordinator_reads_the_access_log_and_the_case_history(new_page, viewport):
    role_groups_sync()
    morgan = factories.case_manager(username="morgan", first_name="Morgan", last_name="Lee")
    factories.coordinator(username="casey", first_name="Casey", last_name="Ortiz")
    other = factories.case_manager(username="sam", first_name="Sam", last_name="Hale")
    case = factories.CaseFactory(reference="C-2026-CUCYX", case_manager=morgan)
    hidden = factories.CaseFactory(reference="C-2026-HIDDN", case_manager=other)
    hearing = Hearing.objects.create(
        case=case, scheduled_at=timezone.now() + datetime.timedelta(days=9), place="Room 4-231",
        notice_on=timezone.localdate(), scheduled_by=morgan,
    )
    hearing_cancel(hearing=hearing, reason="The decision-maker is ill", actor=morgan)

    page = new_page(viewport=viewport)
    _sign_in(page, "morgan")
    for _visit in range(3):
        page.goto(reverse("admin:cases_case_change", args=[case.pk]))
    page.goto(reverse("admin:cases_case_change", args=[hidden.pk]))  # refused: not Morgan's case
    page.context.clear_cookies()

    _sign_in(page, "casey")
    page.goto(reverse("admin:cases_accesslog_changelist"))
    page.wait_for_url("**/accesslog/grouped/")
    groups = page.locator("#access-groups").inner_text()
    assert "Morgan Lee viewed C-2026-CUCYX 3 times" in groups
    refused = page.locator("#refused-table").inner_text()
    assert "Morgan Lee" in refused and "C-2026-HIDDN" in refused
    assert_accessible(page, "grouped access log")
    screenshot(page, f"access-log-grouped-{viewport['width']}")

    page.locator("#access-groups tr", has_text="Morgan Lee viewed C-2026-CUCYX").get_by_role("link").click()
    page.wait_for_load_state()
    assert page.locator("#result_list tbody tr").count() == 3
    screenshot(page, f"access-log-entries-{viewport['width']}")

    page.goto(reverse("admin:cases_case_history", args=[case.pk]))
    record = page.locator("#history-table").inner_text()
    assert "Scheduled → Cancelled" in record and "The decision-maker is ill" in record
    assert "Morgan Lee (Case manager)" in record
    assert_accessible(page, "case history")
    screenshot(page, f"case-history-{viewport['width']}")
