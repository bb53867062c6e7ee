"""What a party sees of their case (issue 15, item 7), who reaches which page (every new
portal URL x two parties x two cases), and `Cache-Control: no-store` on every portal page.

The other party's name is a marker that must appear on none of the party's pages, even
when it is written into the other party's meetings, measures, deadlines and messages."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseDeadline, Hearing, Meeting, PortalMessage, SupportiveMeasure
from cases.services.letters import letter_prepare
from cases.services.portal import letter_send_via_portal

from .test_portal import deliver_all, link_in, mails_to, make_case, smtp_server  # noqa: F401
from .test_portal_account import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _staff_groups(groups):
    """The staff groups with their permissions (a transactional test before may have flushed them)."""

OTHER = "Ottoline Quarrington"  # the respondent: never on the complainant's pages

NEW_URLS = ("/portal/case/", "/portal/messages/", "/portal/account/")


def at(days, hour=10):
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def deadline(case, kind, party, due, starts):
    return CaseDeadline.objects.create(
        case=case, kind=kind, label=f"Due for {OTHER}" if party and party.role == "respondent" else "Due",
        basis="34 CFR 106.45", start_event="test", starts_on=starts, length_days=10, due_on=due,
        for_whom="party", party=party,
    )


def furnish(case, manager, complainant, respondent):
    """Meetings, measures, deadlines and messages for both parties; the respondent's name in theirs."""
    Case.objects.filter(pk=case.pk).update(status=Case.Status.INVESTIGATION)
    Meeting.objects.create(
        case=case, kind="interview", party=complainant, starts_at=at(12, 14), place="Room 4-231",
        participants="Investigator", purpose="Interview", scheduled_by=manager,
    )
    Meeting.objects.create(
        case=case, kind="interview", party=respondent, starts_at=at(13, 9), place=f"Office of {OTHER}",
        participants=OTHER, purpose=f"Interview of {OTHER}", scheduled_by=manager,
    )
    Hearing.objects.create(
        case=case, scheduled_at=at(40, 13), place="Room 10-250", notice_on=timezone.localdate(), scheduled_by=manager
    )
    today = timezone.localdate()
    deadline(case, "evidence_response", complainant, today + datetime.timedelta(days=20), today)
    deadline(case, "evidence_response", respondent, today + datetime.timedelta(days=21), today)
    SupportiveMeasure.objects.create(
        case=case, party=complainant, kind="academic_support", details="Extended deadlines in 18.01",
        requested_on=today, effective_on=today, created_by=manager,
    )
    SupportiveMeasure.objects.create(
        case=case, party=respondent, kind="housing_transfer", details=f"Move {OTHER} to Baker House",
        requested_on=today, created_by=manager,
    )
    PortalMessage.objects.create(case=case, party=respondent, direction="from_party", body=f"I am {OTHER}")


def test_the_overview_shows_the_stage_the_partys_dates_measures_letters_and_contact(smtp_server):  # noqa: F811
    manager, case, complainant, respondent = make_case(respondent_name=OTHER)
    furnish(case, manager, complainant, respondent)
    letters = letter_prepare(case=case, kind="allegations", recipients=[complainant], actor=manager)
    letter_send_via_portal(letters=letters, actor=manager)
    deliver_all()
    browser = signed_in(smtp_server, manager, complainant)
    page = browser.get("/portal/case/").content.decode()
    assert '<strong id="stage">Investigation</strong>' in page
    assert "A formal investigation is under way." in page
    interview = at(12, 14)
    assert f"{interview:%A, %B} {interview.day}, {interview.year}, 2:00 PM</time></strong>: Interview" in page
    assert "Room 4-231" in page and "Hearing" in page and "Room 10-250" in page
    due = timezone.localdate() + datetime.timedelta(days=20)
    assert f"{due:%A, %B} {due.day}, {due.year}</time></strong>: Last day to respond in writing to the evidence" in page
    assert "Academic support" in page and "Extended deadlines in 18.01" in page and "In effect" in page
    assert "Housing transfer" not in page and "Baker House" not in page
    assert f'href="/portal/letters/{letters[0].pk}/">Notice of allegations' in page
    assert "Your case manager is" in page and manager.email in page
    assert "idhr@mit.edu" in page


def test_the_other_partys_name_is_on_none_of_the_partys_pages(smtp_server):  # noqa: F811
    manager, case, complainant, respondent = make_case(respondent_name=OTHER)
    furnish(case, manager, complainant, respondent)
    browser = signed_in(smtp_server, manager, complainant)
    for url in ("/portal/", *NEW_URLS):
        page = browser.get(url).content.decode()
        assert "Ottoline" not in page and "Quarrington" not in page, url
        assert "Vantablack" not in page and "glasswing" not in page, url
    overview = browser.get("/portal/case/").content.decode()
    assert overview.count("Interview") == 1  # their own interview, not the respondent's


def test_every_new_url_shows_each_party_only_their_own_case_and_thread(smtp_server):  # noqa: F811
    cases = [make_case(tag="a"), make_case("Ann Other", "Ben Other", tag="b")]
    browsers = {}
    for manager, _case, complainant, respondent in cases:
        for party in (complainant, respondent):
            browser = signed_in(smtp_server, manager, party)
            browser.post("/portal/messages/", {"body": f"Marker-{party.pk}-message"})
            browsers[party.pk] = (browser, party)
    references = {case.reference for _m, case, *_ in cases}
    for browser, party in browsers.values():
        for url in NEW_URLS:
            response = browser.get(url)
            page = response.content.decode()
            assert response.status_code == 200, url
            for reference in references - {party.case.reference}:
                assert reference not in page, (party.pk, url)
            for other_pk in set(browsers) - {party.pk}:
                assert f"Marker-{other_pk}-message" not in page, (party.pk, url)
        assert party.case.reference in browser.get("/portal/case/").content.decode()
        assert f"Marker-{party.pk}-message" in browser.get("/portal/messages/").content.decode()
    for pk, (_browser, party) in browsers.items():
        assert list(PortalMessage.objects.filter(party=party).values_list("body", flat=True)) == [f"Marker-{pk}-message"]


def test_every_portal_page_is_no_store_signed_out_and_in(smtp_server):  # noqa: F811
    manager, case, complainant, respondent = make_case()
    letters = letter_prepare(case=case, kind="allegations", recipients=[complainant], actor=manager)
    letter_send_via_portal(letters=letters, actor=manager)
    deliver_all()
    link = link_in(mails_to(smtp_server, "complainant-a@example.org")[0])
    letter = letters[0].pk
    urls = [
        "/portal/", "/portal/case/", "/portal/messages/", "/portal/account/", "/portal/sign-in/", "/portal/code/",
        f"/portal/letters/{letter}/", f"/portal/letters/{letter}/pdf/", "/portal/letters/999999/",
        "/portal/invitation/not-a-real-token/", link, "/portal/no-such-page/",
    ]
    posts = [
        ("/portal/sign-in/", {"email": "bad", "password": ""}),
        ("/portal/messages/", {"body": ""}),
        ("/portal/account/", {"password": "x", "confirm": "y"}),
        ("/portal/code/", {"code": "12"}),
        ("/portal/invitation/not-a-real-token/", {}),
    ]
    anonymous = Client()
    browser = signed_in(smtp_server, manager, complainant)
    for client in (anonymous, browser):
        for url in urls:
            response = client.get(url)
            assert response.status_code < 500, url
            assert "no-store" in response.get("Cache-Control", ""), (url, response.status_code)
        for url, data in posts:
            response = client.post(url, data)
            assert response.status_code < 500, url
            assert "no-store" in response.get("Cache-Control", ""), url
    staff = Client()
    staff.force_login(manager)
    thread = staff.get(reverse("admin:cases_case_portal_thread", args=[case.pk, complainant.pk]))
    assert "no-store" in thread["Cache-Control"]


def test_an_advisor_sees_the_dates_of_the_party_they_advise_and_the_appeal_deadline_but_no_measures(
    smtp_server,  # noqa: F811
):
    from cases.models import Party

    from . import factories

    manager, case, complainant, respondent = make_case(respondent_name=OTHER)
    furnish(case, manager, complainant, respondent)
    advisor = factories.PartyFactory(
        case=case, role=Party.Role.ADVISOR, advises=complainant, name="Ada Advisor", email="advisor-a@example.org"
    )
    today = timezone.localdate()
    appeal_due = today + datetime.timedelta(days=9)
    deadline(case, "appeal_filing", None, appeal_due, today)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.APPEAL_WINDOW)
    browser = signed_in(smtp_server, manager, advisor)
    page = browser.get("/portal/case/").content.decode()
    assert "You take part as the advisor." in page
    assert '<strong id="stage">Appeal period</strong>' in page
    assert "Room 4-231" in page  # the advised complainant's interview
    assert f"{appeal_due:%A, %B} {appeal_due.day}, {appeal_due.year}</time></strong>: Last day to appeal" in page
    assert "Your supportive measures" not in page and "Extended deadlines in 18.01" not in page
    assert "Ottoline" not in page and "Quarrington" not in page
