"""The decision-maker's determination form in Chromium (issue 24 item 4): nothing is chosen for
them (the outcome and each allegation's result start empty), and one click on "Record the
determination" records nothing: the browser asks for the outcome first; sent anyway (the
browser's check bypassed), the page names every missing field and keeps what was typed."""

import pytest

from cases.models import Allegation, Determination, Finding

from .test_outcomes_browser import _case_at_determination, _ok, _sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_nothing_is_preselected_and_one_click_records_nothing(page):
    case = _case_at_determination()
    url = f"/admin/cases/case/{case.pk}/change/"
    first, second = Allegation.objects.filter(case=case).order_by("number")
    _sign_in(page, "dana")
    page.goto(url)
    form = page.locator("#determination-form")
    assert form.locator("select[name='outcome']").input_value() == ""
    for allegation in (first, second):
        assert form.locator(f"select[name='finding_{allegation.pk}_result']").input_value() == ""

    form.get_by_role("button", name="Record the determination").click()  # the one click
    assert form.locator("select[name='outcome']").evaluate("element => element.validity.valueMissing") is True
    assert page.url.endswith(url) and not Determination.objects.filter(case=case).exists()

    # Sent without the browser's check: refused beside each field, what was typed kept.
    form.evaluate("element => element.setAttribute('novalidate', '')")
    form.locator("textarea[name='rationale']").fill("KEPT overall rationale")
    form.locator(f"select[name='finding_{first.pk}_result']").select_option("responsible")
    form.get_by_role("button", name="Record the determination").click()
    page.wait_for_load_state()
    text = page.locator("#determination-form").inner_text()
    for message in ("Choose the outcome.", "Write the rationale for the result on allegation 1.",
                    "Choose the result on allegation 2.", "Write the findings of fact on allegation 2."):
        assert message in text, message
    assert page.locator("#determination-form textarea[name='rationale']").input_value() == "KEPT overall rationale"
    assert not Determination.objects.filter(case=case).exists()

    form = page.locator("#determination-form")
    form.locator("select[name='outcome']").select_option("responsible")
    for allegation, result in ((first, "responsible"), (second, "not_responsible")):
        form.locator(f"select[name='finding_{allegation.pk}_result']").select_option(result)
        form.locator(f"textarea[name='finding_{allegation.pk}_facts']").fill(f"Facts {allegation.number}")
        form.locator(f"textarea[name='finding_{allegation.pk}_rationale']").fill(f"Rationale {allegation.number}")
    form.get_by_role("button", name="Record the determination").click()
    _ok(page)
    determination = Determination.objects.get(case=case)
    assert (determination.outcome, determination.rationale) == ("responsible", "KEPT overall rationale")
    assert sorted(Finding.objects.filter(determination=determination).values_list("rationale", flat=True)) == [
        "Rationale 1", "Rationale 2"]
