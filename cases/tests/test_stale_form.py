"""Issue 24: a stale second window never overwrites a newer save (no "last save wins").

The change page carries what it showed; a save made after someone else saved the same
record is refused with what changed ("in effect from: — → 2026-12-03"), and what was
typed is kept. Saving again from the page shown then is a decision made knowing it.
"""

import datetime

import pytest

from cases.models import Case, SupportiveMeasure

from . import factories
from .test_once import _form_data

pytestmark = pytest.mark.django_db


def _tab(client, url) -> dict:
    """A window open on `url`: the form as the browser would send it back."""
    response = client.get(url)
    assert response.status_code == 200
    return {**_form_data(response), "_seen": response.context["stale_guard"]}


def _measure(manager):
    case = factories.CaseFactory(case_manager=manager, status="investigation")
    return factories.SupportiveMeasureFactory(
        case=case, requested_on=datetime.date(2026, 12, 1), details="Extension on coursework deadlines"
    )


def test_a_stale_window_does_not_overwrite_a_newer_save_of_a_measure(client, manager):
    measure = _measure(manager)
    client.force_login(manager)
    url = f"/admin/cases/supportivemeasure/{measure.pk}/change/"
    first, second = _tab(client, url), _tab(client, url)

    saved = client.post(url, {**first, "effective_on": "2026-12-03"})
    assert saved.status_code == 302
    stale = client.post(url, {**second, "details": "Extension and a note-taker"})

    assert stale.status_code == 200
    message = " ".join(str(e) for e in stale.context["adminform"].form.non_field_errors())
    assert "Not saved: this supportive measure was saved by someone else after you opened this page" in message
    assert "In effect from: — → 2026-12-03" in message
    shown = stale.context["adminform"].form
    assert shown["details"].value() == "Extension and a note-taker"  # kept as typed
    assert shown["effective_on"].value() == "2026-12-03"  # left as it was: the value saved meanwhile
    measure.refresh_from_db()
    assert (measure.effective_on, measure.details) == (datetime.date(2026, 12, 3), "Extension on coursework deadlines")

    # The page shown now carries the values of now: saving it again is deliberate, and saves.
    again = {**_form_data(stale), "_seen": stale.context["stale_guard"]}
    assert client.post(url, again).status_code == 302
    measure.refresh_from_db()
    assert (measure.effective_on, measure.details) == (datetime.date(2026, 12, 3), "Extension and a note-taker")


def test_a_stale_case_page_does_not_undo_an_investigator_assigned_meanwhile(client, coordinator, investigator):
    case = factories.CaseFactory(status="investigation")
    client.force_login(coordinator)
    url = f"/admin/cases/case/{case.pk}/change/"
    stale_tab = _tab(client, url)

    # Meanwhile, another window (or another person) assigns the investigator.
    fresh = _tab(client, url)
    assert client.post(url, {**fresh, "investigator": investigator.pk}).status_code == 302

    refused = client.post(url, {**stale_tab, "legal_hold": "on", "legal_hold_reason": "Litigation notice 12/2026"})
    assert refused.status_code == 200
    message = " ".join(str(e) for e in refused.context["adminform"].form.non_field_errors())
    assert "Not saved: this case was saved by someone else after you opened this page" in message
    assert f"Investigator: — → {investigator}" in message, message  # as the investigator list shows them
    assert refused.context["adminform"].form["investigator"].value() == str(investigator.pk)  # not undone
    assert refused.context["adminform"].form["legal_hold_reason"].value() == "Litigation notice 12/2026"
    case = Case.objects.get(pk=case.pk)
    assert (case.investigator_id, case.legal_hold) == (investigator.pk, False)


def test_a_save_with_nothing_changed_meanwhile_goes_through(client, manager):
    measure = _measure(manager)
    client.force_login(manager)
    url = f"/admin/cases/supportivemeasure/{measure.pk}/change/"
    tab = _tab(client, url)
    assert client.post(url, {**tab, "effective_on": "2026-12-02"}).status_code == 302
    assert SupportiveMeasure.objects.get(pk=measure.pk).effective_on == datetime.date(2026, 12, 2)
