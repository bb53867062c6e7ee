"""Issue 24: a staff action pressed twice, or sent from two windows, takes effect once.

A second post of the same form (double click, resent page) is answered with the first
one's result and "This was already done at HH:MM"; the notice of allegations pressed in
a second window gives the letters already prepared; two posts at the same moment, on
two connections to the real PostgreSQL, make one record.
"""

import threading
import uuid

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.utils import timezone

from cases.models import Allegation, Letter, Party, SupportiveMeasure

from . import factories

pytestmark = pytest.mark.django_db


def _case_with_allegation(manager):
    case = factories.CaseFactory(case_manager=manager, status="investigation", process_track="student_cod")
    complainant = factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT, name="Jordan Lee")
    respondent = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, name="Alex Morgan")
    Allegation.objects.create(
        case=case, number=1, respondent=respondent, complainant=complainant,
        conduct="Repeated unwelcome messages", policy_provision="II(7)(C)", added_by=manager,
    )
    return case


def _prepare(client, case, token):
    return client.post(
        f"/admin/cases/letter/prepare/{case.pk}/", {"kind": "allegations", "_once": str(token)}
    )


def test_the_prepare_button_pressed_twice_makes_one_set_of_notices(client, manager):
    case = _case_with_allegation(manager)
    client.force_login(manager)
    token = uuid.uuid4()
    first = _prepare(client, case, token)
    assert first.status_code == 302
    second = _prepare(client, case, token)
    assert second.status_code == 302
    assert second["Location"] == first["Location"]  # the first one's result
    assert Letter.objects.filter(case=case, kind="allegations").count() == 2  # one per party, once
    shown = [str(m) for m in get_messages(second.wsgi_request)]
    assert any("This was already done at" in m and "not done a second time" in m for m in shown), shown


def test_the_notice_prepared_in_a_second_window_gives_the_letters_not_yet_sent(client, manager):
    case = _case_with_allegation(manager)
    client.force_login(manager)
    first = _prepare(client, case, uuid.uuid4())
    second = _prepare(client, case, uuid.uuid4())  # another window: another token
    assert Letter.objects.filter(case=case, kind="allegations").count() == 2
    assert second["Location"] == first["Location"]
    shown = [str(m) for m in get_messages(second.wsgi_request)]
    assert any("already prepared" in m and "nothing was prepared again" in m for m in shown), shown


def test_a_refused_post_gives_its_token_back(client, manager):
    """A refusal is not "done": the same form, corrected, can be sent again."""
    case = factories.CaseFactory(case_manager=manager, status="investigation")
    factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT)
    factories.PartyFactory(case=case, role=Party.Role.RESPONDENT)
    client.force_login(manager)
    token = uuid.uuid4()
    refused = _prepare(client, case, token)  # no allegation yet: refused with a message
    assert Letter.objects.filter(case=case).count() == 0
    shown = [str(m) for m in get_messages(refused.wsgi_request)]
    assert any("Record the allegations first" in m for m in shown), shown
    Allegation.objects.create(
        case=case, number=1, respondent=case.parties.get(role="respondent"), conduct="x", policy_provision="y", added_by=manager
    )
    _prepare(client, case, token)
    assert Letter.objects.filter(case=case, kind="allegations").count() == 2


def _at_once(posts):
    """Run each post on its own thread and database connection, released together."""
    barrier = threading.Barrier(len(posts))
    results = [None] * len(posts)

    def run(i, post):
        try:
            barrier.wait(timeout=10)
            results[i] = post()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, post)) for i, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _case_page_with_new_measure(client, case, party, token) -> dict:
    """The case form as the browser sends it, with one new supportive measure typed in."""
    response = client.get(f"/admin/cases/case/{case.pk}/change/")
    data = _form_data(response)
    [measures] = [i.formset for i in response.context["inline_admin_formsets"] if i.formset.model is SupportiveMeasure]
    row = int(data[f"{measures.prefix}-TOTAL_FORMS"])  # the case page adds rows only (extra = 0)
    data[f"{measures.prefix}-TOTAL_FORMS"] = str(row + 1)
    data.update({
        f"{measures.prefix}-{row}-party": party.pk, f"{measures.prefix}-{row}-kind": "academic_support",
        f"{measures.prefix}-{row}-requested_on": "2026-12-01",
        f"{measures.prefix}-{row}-details": "Extension of the essay deadline",
        "_once": str(token), "_continue": "Save",
    })
    return data


def _form_data(response) -> dict:
    """What the browser would send back for the change page shown in `response` (test_refused_save.py)."""
    data = {}
    forms_shown = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms_shown += [inline.formset.management_form, *inline.formset.forms]
    for form in forms_shown:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    return data


@pytest.mark.django_db(transaction=True)
def test_two_saves_of_a_new_measure_at_the_same_moment_make_one_measure():
    from cases.permissions import role_groups_sync

    role_groups_sync()
    manager = factories.case_manager(username="manager")
    case = factories.CaseFactory(case_manager=manager, status="investigation")
    party = factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT)
    client = Client()
    client.force_login(manager)
    data = _case_page_with_new_measure(client, case, party, uuid.uuid4())

    def post():
        other = Client()
        other.force_login(manager)
        return other.post(f"/admin/cases/case/{case.pk}/change/", data)

    responses = _at_once([post, post])
    assert [r.status_code for r in responses] == [302, 302]
    assert SupportiveMeasure.objects.filter(case=case).count() == 1
    assert responses[0]["Location"] == responses[1]["Location"]


@pytest.mark.django_db(transaction=True)
def test_the_notice_prepared_in_two_windows_at_the_same_moment_is_one_set():
    from cases.permissions import role_groups_sync

    role_groups_sync()
    manager = factories.case_manager(username="manager")
    case = _case_with_allegation(manager)

    def post():
        client = Client()
        client.force_login(manager)
        return _prepare(client, case, uuid.uuid4())

    responses = _at_once([post, post])
    assert [r.status_code for r in responses] == [302, 302]
    assert Letter.objects.filter(case=case, kind="allegations").count() == 2  # one per party


def test_a_letter_recorded_as_sent_from_a_second_window_is_refused(client, manager):
    case = _case_with_allegation(manager)
    client.force_login(manager)
    _prepare(client, case, uuid.uuid4())
    letter = Letter.objects.filter(case=case).first()
    url = f"/admin/cases/letter/{letter.pk}/send/"
    today = timezone.localdate().isoformat()
    data = {"channel": "in_person", "sent_on": today}
    first = client.post(url, {**data, "_once": str(uuid.uuid4())})
    assert first.status_code == 302, first.context["send_form"].errors
    sent_at = Letter.objects.get(pk=letter.pk).sent_at
    again = client.post(url, {**data, "_once": str(uuid.uuid4())})
    assert again.status_code == 302
    shown = [str(m) for m in get_messages(again.wsgi_request)]
    assert any(f"This letter was already sent on {today}" in m for m in shown), shown
    assert Letter.objects.get(pk=letter.pk).sent_at == sent_at
