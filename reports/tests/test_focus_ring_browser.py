"""A keyboard user sees where they are on every control, radios and checkboxes included
(WCAG 2.1 2.4.7 Focus Visible): the same solid 3 px ring links and text fields have."""

import pytest

from idhr_portal.testing.browser import SIZES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _ring(page):
    return page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [document.activeElement.type, s.outlineStyle, s.outlineWidth]; }"
    )


@pytest.mark.parametrize("size", sorted(SIZES))
def test_a_radio_reached_with_the_keyboard_has_a_solid_focus_ring(new_page, size):
    page = new_page(**SIZES[size])
    page.goto("/report/")
    page.locator("input[type=radio]").first.focus()
    page.keyboard.press("ArrowDown")  # moving within the group is keyboard focus
    assert _ring(page) == ["radio", "solid", "3px"]


def test_a_checkbox_reached_with_tab_has_a_solid_focus_ring(new_page):
    page = new_page(**SIZES["desktop"])
    page.goto("/report/")
    page.locator("input[type=radio][value=named]").check()
    checkbox = page.locator("input[type=checkbox]").first
    checkbox.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert _ring(page) == ["checkbox", "solid", "3px"]
