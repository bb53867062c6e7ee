"""The big case page: parties and measures as read-only rows with an edit link, the timeline paged."""

import pytest

from cases.models import Party, TimelineEvent

from . import factories

pytestmark = pytest.mark.django_db


def test_existing_parties_and_measures_are_read_only_rows_with_an_edit_link(client, manager, case):
    party = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, name="Riley Respondent")
    measure = factories.SupportiveMeasureFactory(case=case, details="Extension on coursework deadlines")
    client.force_login(manager)

    page = client.get(f"/admin/cases/case/{case.pk}/change/").content.decode()

    assert f'href="/admin/cases/party/{party.pk}/change/"' in page
    assert f'href="/admin/cases/supportivemeasure/{measure.pk}/change/"' in page
    assert "Riley Respondent" in page and "Extension on coursework deadlines" in page
    # No editable row for them: only the "add" template rows (prefix __prefix__) have inputs.
    assert 'name="parties-0-name"' not in page
    assert 'name="measures-0-details"' not in page
    assert 'name="parties-INITIAL_FORMS" value="0"' in page
    assert 'name="measures-INITIAL_FORMS" value="0"' in page


def test_a_party_is_edited_on_its_own_page_through_the_service(client, manager, case):
    party = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, name="Riley Respondent")
    client.force_login(manager)
    url = f"/admin/cases/party/{party.pk}/change/"
    assert client.get(url).status_code == 200

    response = client.post(url, {"role": "respondent", "affiliation": "employee", "name": "Riley R.", "email": ""})

    assert response.status_code == 302
    assert response["Location"] == f"/admin/cases/case/{case.pk}/change/"
    party.refresh_from_db()
    assert (party.name, party.affiliation) == ("Riley R.", "employee")
    assert party.name_index != ""  # set by cases.services.party_save


def test_another_managers_party_page_is_not_found(client, other_manager, case):
    party = factories.PartyFactory(case=case)
    client.force_login(other_manager)
    assert client.get(f"/admin/cases/party/{party.pk}/change/").status_code == 404


def test_the_timeline_shows_the_latest_100_events_and_links_to_all(client, manager, case):
    TimelineEvent.objects.bulk_create(
        TimelineEvent(case=case, kind=TimelineEvent.Kind.NOTE, summary=f"Event number {n:03d}") for n in range(150)
    )
    client.force_login(manager)
    url = f"/admin/cases/case/{case.pk}/change/"

    page = client.get(url).content.decode()
    assert page.count("Event number") == 100
    assert "Event number 149" in page and "Event number 050" in page and "Event number 049" not in page
    assert 'href="?timeline=all#timeline"' in page

    everything = client.get(url + "?timeline=all").content.decode()
    assert everything.count("Event number") == 150
    assert 'id="timeline-all"' not in everything
