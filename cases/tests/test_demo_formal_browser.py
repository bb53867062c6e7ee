"""In a real browser: the demo coordinator opens each formal-process demo case (issue 14) on a
laptop (1280x800) and a phone (390x844); each page opens and nothing on the phone reaches past
the screen's edge (wide tables scroll inside their own box).

Seen in the screenshots first: the appeal inline's basis select (the regulation's long labels)
made the appeal case 3,200 px wide on the laptop; on the phone the parties and measures tables
(and their visually-hidden labels, which escape a scroll box that is not positioned) and the
objection form made every case page 650 px wide (static/css/admin-cases.css)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from cases.models import Case
from idhr_portal.testing.browser import PHONE, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"
LAPTOP = {"width": 1280, "height": 800}


def _log_in(page, username):
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def test_the_coordinator_opens_each_formal_process_demo_case_on_a_laptop_and_a_phone(page, groups, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media"
    call_command("create_demo_cases")
    coordinator = get_user_model().objects.get(username="coordinator")
    coordinator.set_password(PASSWORD)
    coordinator.save()
    _log_in(page, "coordinator")
    cases = list(Case.objects.filter(reference__startswith="C-DEMO-TIX").order_by("reference"))
    assert len(cases) == 7
    too_wide = []
    for case in cases:
        for name, size in (("laptop", LAPTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            response = page.goto(f"/admin/cases/case/{case.pk}/change/")
            assert response.status == 200, case.reference
            assert case.reference in page.locator("h1, h2").first.inner_text() or case.reference in page.title()
            screenshot(page, f"demo-formal-{case.reference}-{name}")
            widest = page.evaluate("() => document.documentElement.scrollWidth")
            if widest > size["width"] + 1:
                too_wide.append((case.reference, name, round(widest)))
    assert too_wide == []
