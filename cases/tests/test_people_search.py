"""Finding people without decrypting: blind indexes of name words, full names and emails."""

import os
import subprocess

import pytest
from django.db import connection
from django.urls import reverse

from cases.models import CaseReport, IdentityToken
from cases.selectors.people import people_search_for

from . import factories

pytestmark = pytest.mark.django_db


def _search(client, user, term, url="admin:cases_case_changelist"):
    client.force_login(user)
    response = client.get(reverse(url), {"q": term})
    assert response.status_code == 200
    return {obj.reference for obj in response.context["cl"].result_list}


def _person(case, name, email="", role="respondent"):
    return factories.PartyFactory(case=case, name=name, email=email, role=role)


@pytest.mark.parametrize("term", ["José", "jose", "JOSE", "Jose\u0301", "álvarez", "José Álvarez", "Alvarez, Jose"])
def test_accents_and_case_do_not_matter(client, coordinator, term):
    case = factories.CaseFactory(reference="C-2026-AAAAA")
    _person(case, "José Álvarez")
    assert _search(client, coordinator, term) == {"C-2026-AAAAA"}


@pytest.mark.parametrize("term", ["jor", "jordanl", "ordan", "Jordan Leeds", "jordan@"])
def test_only_whole_words_match(client, coordinator, term):
    _person(factories.CaseFactory(reference="C-2026-BBBBB"), "Jordan Lee", "jordan.lee@example.edu")
    assert _search(client, coordinator, term) == set()


@pytest.mark.parametrize("term", ["jordan", "Jordan Lee", "Lee, Jordan", "lee jordan", "LEE"])
def test_a_name_word_finds_the_person_written_either_way(client, coordinator, term):
    _person(factories.CaseFactory(reference="C-2026-CCCCC"), "Jordan Lee")
    _person(factories.CaseFactory(reference="C-2026-DDDDD"), "Lee, Jordan")
    _person(factories.CaseFactory(reference="C-2026-EEEEE"), "Jordan Smith" if term != "jordan" else "Pat Smith")
    assert _search(client, coordinator, term) == {"C-2026-CCCCC", "C-2026-DDDDD"}


@pytest.mark.parametrize("term", ["O'Brien", "O\u2019Brien", "obrien", "Brien", "mary-jane", "Mary Jane", "maryjane"])
def test_hyphens_and_apostrophes(client, coordinator, term):
    _person(factories.CaseFactory(reference="C-2026-FFFFF"), "Mary-Jane O'Brien")
    assert _search(client, coordinator, term) == {"C-2026-FFFFF"}


def test_an_email_address_finds_its_owner_only(client, coordinator):
    _person(factories.CaseFactory(reference="C-2026-GGGGG"), "Alex Morgan", "Alex.Morgan@MIT.edu")
    _person(factories.CaseFactory(reference="C-2026-HHHHH"), "Alex Morgan", "alex.morgan2@mit.edu")
    assert _search(client, coordinator, "  alex.morgan@mit.edu ") == {"C-2026-GGGGG"}


def test_a_partial_reference_finds_the_case(client, coordinator):
    factories.CaseFactory(reference="C-2026-CUCYX")
    factories.CaseFactory(reference="C-2026-ZZZZZ")
    assert _search(client, coordinator, "CUCYX") == {"C-2026-CUCYX"}
    assert _search(client, coordinator, "cucyx") == {"C-2026-CUCYX"}


def test_a_report_reference_or_a_named_reporter_finds_the_case_holding_the_report(client, coordinator):
    case = factories.CaseFactory(reference="C-2026-JJJJJ")
    report = factories.ReportFactory(reference="R-7KQ2M4PX", reporter_name="Sam Okafor", relationship="on_behalf")
    CaseReport.objects.create(case=case, report=report, linked_by=coordinator)
    assert _search(client, coordinator, "R-7KQ2M4PX") == {"C-2026-JJJJJ"}
    assert _search(client, coordinator, "okafor") == {"C-2026-JJJJJ"}


def test_a_case_manager_never_gets_a_case_they_may_not_see(client, manager, other_manager):
    mine = factories.CaseFactory(reference="C-2026-MINE2", case_manager=manager)
    theirs = factories.CaseFactory(reference="C-2026-THEIR", case_manager=other_manager)
    _person(mine, "Jordan Lee")
    _person(theirs, "Jordan Lee")
    assert _search(client, manager, "jordan") == {"C-2026-MINE2"}
    assert _search(client, manager, "THEIR") == set()
    assert [hit.reference for hit in people_search_for(term="jordan", user=manager)] == ["C-2026-MINE2"]


def test_the_bias_response_team_gets_no_identity_search(client, brt):
    case = factories.CaseFactory(reference="C-2026-SHARE", shared_with_brt=True)
    _person(case, "Jordan Lee", "jordan@example.edu")
    assert _search(client, brt, "jordan") == set()
    assert _search(client, brt, "jordan@example.edu") == set()
    assert _search(client, brt, "SHARE") == {"C-2026-SHARE"}
    assert people_search_for(term="jordan", user=brt) == []
    client.force_login(brt)
    page = client.get(reverse("admin:cases_case_changelist")).content.decode()
    assert "finds Jordan Lee" not in page
    assert client.get(reverse("admin:cases_person_changelist"), {"q": "jordan"}).status_code == 403


def test_the_search_box_says_only_whole_words_match(client, manager):
    client.force_login(manager)
    page = client.get(reverse("admin:cases_case_changelist")).content.decode()
    assert "\u201cjor\u201d finds nothing" in page
    page = client.get(reverse("admin:reports_report_changelist")).content.decode()
    assert "\u201cjor\u201d finds nothing" in page


def test_the_intake_queue_finds_named_reporters_people_named_and_partial_references(client, manager):
    report = factories.ReportFactory(reference="R-AB12CD34", reporter_name="Dana Whitfield")
    factories.ReportPartyFactory(report=report, role="witness", name="Riley Nakamura", email="riley@example.edu")
    factories.ReportFactory(reference="R-ZZ99ZZ99", reporter_name="Someone Else")
    url = "admin:reports_report_changelist"
    assert _search(client, manager, "whitfield", url) == {"R-AB12CD34"}
    assert _search(client, manager, "NAKAMURA", url) == {"R-AB12CD34"}
    assert _search(client, manager, "riley@example.edu", url) == {"R-AB12CD34"}
    assert _search(client, manager, "AB12", url) == {"R-AB12CD34"}
    assert _search(client, manager, "nak", url) == set()


def test_an_edited_name_is_found_under_the_new_name_only(client, coordinator):
    party = _person(factories.CaseFactory(reference="C-2026-KKKKK"), "Jordan Lee")
    party.name = "Taylor Quinn"
    party.save()
    assert _search(client, coordinator, "jordan") == set()
    assert _search(client, coordinator, "quinn") == {"C-2026-KKKKK"}


@pytest.mark.django_db(transaction=True)
def test_pg_dump_of_the_database_holds_no_plaintext_of_a_marker_name(groups):
    marker = "Zebulonmarker Quixotically"
    _person(factories.CaseFactory(), marker, "zebulonmarker@example.edu")
    factories.ReportFactory(reporter_name=marker, reporter_email="zebulonmarker@example.edu")
    assert IdentityToken.objects.filter(kind="token").count() >= 4
    s = connection.settings_dict
    result = subprocess.run(
        ["pg_dump", "-h", s["HOST"], "-p", str(s["PORT"]), "-U", s["USER"], "--data-only", s["NAME"]],
        capture_output=True,
        text=True,
        env={**os.environ, "PGPASSWORD": s.get("PASSWORD") or ""},
        check=True,
    )
    dump = result.stdout.casefold()
    assert "cases_identitytoken" in dump
    assert "zebulonmarker" not in dump and "quixotically" not in dump


@pytest.mark.parametrize("rare_enough", [2000, 0])
def test_several_words_need_every_word_whichever_word_drives_the_search(client, coordinator, monkeypatch, rare_enough):
    from cases.selectors import people

    monkeypatch.setattr(people, "RARE_ENOUGH", rare_enough)  # 0: every word counts as common
    _person(factories.CaseFactory(reference="C-2026-WORD1"), "Jordan Alexis Lee")
    _person(factories.CaseFactory(reference="C-2026-WORD2"), "Jordan Smith")
    _person(factories.CaseFactory(reference="C-2026-WORD3"), "Pat Lee")
    assert _search(client, coordinator, "lee jordan") == {"C-2026-WORD1"}
    assert _search(client, coordinator, "Jordan Lee Alexis") == {"C-2026-WORD1"}
    assert _search(client, coordinator, "Jordan Lee Quinn") == set()
