"""The coordinator opens the statistics page in a real browser, on a laptop and on a phone."""

import pytest

from cases.permissions import role_groups_sync
from cases.services.classification import clery_classification_save
from idhr_portal import roles
from idhr_portal.testing.browser import assert_accessible, screenshot

from . import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


@pytest.mark.parametrize("width,height", [(1280, 800), (390, 844)])
def test_coordinator_reads_the_statistics_page(new_page, width, height):
    page = new_page(viewport={"width": width, "height": height})
    role_groups_sync()
    coordinator = factories.staff(roles.TITLE_IX_COORDINATOR, username="tix")
    for offense, place in (("rape", "on_campus"), ("stalking", "public_property"), ("stalking", "non_campus")):
        clery_classification_save(
            actor=coordinator, case=factories.CaseFactory(), offense=offense, geography=place, incident_year=2026
        )
    page.goto("/admin/login/?next=/admin/statistics/")
    page.get_by_label("Username").fill("tix")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/statistics/")
    assert "Not for publication." in page.locator("#not-for-publication").inner_text()
    screenshot(page, f"statistics-{width}-top", full_page=False)
    rape = page.locator("#table-clery_2026 tbody tr").first
    # On campus (total), of which in student housing, non-campus, public property, total.
    assert rape.locator("td").all_inner_texts() == ["1", "0", "0", "0", "1"]
    assert "Figures as counted at" in page.locator("#statistics-refreshed").inner_text()
    housing = page.locator("#table-clery_2026 thead th").nth(2)
    assert housing.text_content() == "of which in on-campus student housing facilities"
    assert housing.evaluate("e => getComputedStyle(e).fontStyle") == "italic"
    assert page.locator("svg.stat-chart").count() >= 1
    assert page.request_log.foreign() == []
    screenshot(page, f"statistics-{width}")
    # Nothing wider than the screen but the tables, which scroll inside their own region.
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    assert_accessible(page, "statistics page")
