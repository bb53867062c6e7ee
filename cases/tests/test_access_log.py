"""Issue 18, item 3: a readable access log. Reads grouped per person, case and day, the
detail one click away; refused attempts (a staff member asking for a case, document, letter
or export they may not see) logged and shown to the coordinator; more than
IDHR_REFUSED_ACCESS_ALERT of them within an hour alert the coordinator (content-free)."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLog, CaseDocument
from cases.services.audit import access_log_record, access_refused_record
from cases.services.letters import letter_prepare
from notifications.models import Notification

from . import factories

pytestmark = pytest.mark.django_db

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def _at(monkeypatch, day: int, hour: int, minute: int):
    moment = datetime.datetime(2026, 11, day, hour, minute, tzinfo=NEW_YORK)
    monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.fixture
def morgan(groups):
    return factories.case_manager(username="morgan", first_name="Morgan", last_name="Lee")


@pytest.fixture
def hidden_case(coordinator, manager):
    """A case of another case manager: `morgan` may not see it."""
    return factories.CaseFactory(reference="C-2026-CUCYX", case_manager=manager)


def test_asking_for_a_case_one_may_not_see_is_logged_as_refused_and_shown_to_the_coordinator(
    client, morgan, coordinator, hidden_case
):
    client.force_login(morgan)
    assert client.get(reverse("admin:cases_case_change", args=[hidden_case.pk])).status_code == 404
    refused = list(AccessLog.objects.filter(action="refused").values_list(
        "user__username", "object_type", "object_id", "object_ref"
    ))
    assert refused == [("morgan", "cases.case", str(hidden_case.pk), "C-2026-CUCYX")]

    client.force_login(coordinator)
    page = client.get(reverse("admin:cases_accesslog_grouped"))
    assert page.status_code == 200
    rows = page.content.decode().split('id="refused-table"')[1].split("</table>")[0]
    assert "Morgan Lee" in rows and "C-2026-CUCYX" in rows and f"case #{hidden_case.pk}" in rows


def test_a_document_a_letter_and_an_export_refused_are_logged(client, morgan, manager, hidden_case):
    document = CaseDocument.objects.create(
        case=hidden_case, kind="evidence", filename="photo.pdf", content_type="application/pdf", size=1,
        stored_name="cases/x.bin", uploaded_by=manager,
    )
    respondent = factories.PartyFactory(case=hidden_case, role="respondent")
    [letter] = letter_prepare(case=hidden_case, kind="allegations", recipients=[respondent], actor=manager)
    client.force_login(morgan)
    assert client.get(reverse("admin:cases_case_document", args=[hidden_case.pk, document.pk])).status_code == 404
    assert client.get(reverse("admin:cases_letter_review", args=[letter.pk])).status_code == 404
    assert client.post(reverse("admin:cases_case_export"), {"cases": str(hidden_case.pk)}).status_code == 403
    refused = list(
        AccessLog.objects.filter(action="refused").order_by("pk").values_list("object_type", "object_id", "object_ref")
    )
    assert refused == [
        ("cases.casedocument", str(document.pk), "C-2026-CUCYX"),
        ("cases.letter", str(letter.pk), "C-2026-CUCYX"),
        ("cases.case", "cases_case_export", ""),
    ]


def test_anonymous_requests_leave_nothing_in_the_access_log(client, hidden_case):
    assert client.get(reverse("admin:cases_case_change", args=[hidden_case.pk])).status_code == 302
    assert client.get("/admin/cases/case/999999/change/").status_code == 302
    assert not AccessLog.objects.exists()


def test_a_mistyped_admin_address_is_not_a_refused_attempt(client, morgan):
    client.force_login(morgan)
    assert client.get("/admin/no-such-page/").status_code == 404
    assert not AccessLog.objects.filter(action="refused").exists()


def test_the_alert_fires_at_the_limit_plus_one_and_not_at_the_limit(client, settings, morgan, coordinator, hidden_case):
    settings.IDHR_REFUSED_ACCESS_ALERT = 3
    client.force_login(morgan)
    url = reverse("admin:cases_case_change", args=[hidden_case.pk])
    for _attempt in range(3):
        client.get(url)
    assert Notification.objects.filter(event="access.refused").count() == 0

    client.get(url)
    alerts = list(Notification.objects.filter(event="access.refused"))
    assert len(alerts) == 1
    assert alerts[0].recipients == ["coord@idhr.invalid"]
    text = alerts[0].subject + alerts[0].body_text + alerts[0].body_html
    assert "refused more than 3 times within an hour" in alerts[0].body_text
    for secret in ("morgan", "Morgan", "Lee", "C-2026-CUCYX"):
        assert secret not in text

    client.get(url)  # one alert per crossing, not one per attempt
    assert Notification.objects.filter(event="access.refused").count() == 1


def test_refusals_older_than_an_hour_do_not_count_towards_the_alert(monkeypatch, settings, morgan, coordinator):
    settings.IDHR_REFUSED_ACCESS_ALERT = 2
    _at(monkeypatch, 30, 8, 0)
    for _attempt in range(2):
        access_refused_record(user=morgan, object_type="cases.case", object_id="1")
    _at(monkeypatch, 30, 9, 1)
    access_refused_record(user=morgan, object_type="cases.case", object_id="1")
    assert Notification.objects.filter(event="access.refused").count() == 0


def _reads(monkeypatch, user, case, times):
    for day, hour, minute in times:
        _at(monkeypatch, day, hour, minute)
        access_log_record(user=user, action=AccessLog.Action.VIEW, obj=case)


def test_the_grouped_view_counts_reads_per_person_case_and_day(client, monkeypatch, morgan, coordinator, manager):
    case = factories.CaseFactory(reference="C-2026-CUCYX", case_manager=morgan)
    other = factories.CaseFactory(reference="C-2026-AAAAA", case_manager=morgan)
    morning_to_evening = [(30, 9, 2)] + [(30, 10 + n % 6, 10 + n) for n in range(12)] + [(30, 16, 40)]
    _reads(monkeypatch, morgan, case, morning_to_evening)
    _reads(monkeypatch, morgan, case, [(29, 11, 0), (29, 11, 5)])
    _reads(monkeypatch, morgan, other, [(30, 12, 0)])
    _at(monkeypatch, 30, 17, 0)

    client.force_login(coordinator)
    page = client.get(reverse("admin:cases_accesslog_grouped")).content.decode()
    groups = page.split('id="access-groups"')[1].split("</table>")[0]
    assert "Morgan Lee viewed C-2026-CUCYX 14 times, 09:02–16:40" in groups
    assert "Morgan Lee viewed C-2026-CUCYX 2 times, 11:00–11:05" in groups
    assert "Morgan Lee viewed C-2026-AAAAA 1 time, 12:00" in groups
    assert groups.index("C-2026-CUCYX 14 times") < groups.index("C-2026-CUCYX 2 times")  # newest day first

    # The detail is one click away: the group's own entries.
    link = groups.split("C-2026-CUCYX 14 times")[1].split('href="')[1].split('"')[0].replace("&amp;", "&")
    detail = client.get(link)
    assert detail.status_code == 200
    assert detail.context["cl"].result_count == 14


def test_the_grouped_view_costs_the_same_queries_for_many_rows(client, monkeypatch, morgan, coordinator, manager):
    cases = [factories.CaseFactory(case_manager=morgan) for _n in range(2)]
    _reads(monkeypatch, morgan, cases[0], [(30, 9, 0)])
    access_refused_record(user=manager, object_type="cases.case", object_id="1")
    _at(monkeypatch, 30, 17, 0)
    client.force_login(coordinator)  # under the same clock as the requests (idle sign-out)
    url = reverse("admin:cases_accesslog_grouped")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)

    more = [factories.CaseFactory(case_manager=morgan) for _n in range(6)]
    for day in (26, 27, 28, 29):
        for case in more:
            _reads(monkeypatch, morgan, case, [(day, 10, 0), (day, 11, 0)])
            _reads(monkeypatch, manager, case, [(day, 12, 0)])
    for _n in range(5):
        access_refused_record(user=morgan, object_type="cases.case", object_id="2")
    _at(monkeypatch, 30, 17, 0)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert page.content.decode().count("Morgan Lee viewed") == 25
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_access_log_opens_on_the_grouped_page_and_is_the_coordinators_only(client, morgan, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("admin:cases_accesslog_changelist"))
    assert response.status_code == 302 and response["Location"] == reverse("admin:cases_accesslog_grouped")
    assert client.get(reverse("admin:cases_accesslog_changelist") + "?o=-1").status_code == 200
    client.force_login(morgan)
    assert client.get(reverse("admin:cases_accesslog_grouped")).status_code == 403
    assert AccessLog.objects.filter(action="refused", user=morgan).count() == 1


def test_the_case_history_page_says_who_looked_per_person_and_day(client, monkeypatch, morgan, coordinator):
    case = factories.CaseFactory(reference="C-2026-CUCYX", case_manager=morgan)
    _reads(monkeypatch, morgan, case, [(30, 9, 2), (30, 9, 30), (30, 16, 40)])
    _at(monkeypatch, 30, 17, 0)
    client.force_login(coordinator)
    page = client.get(reverse("admin:cases_case_history", args=[case.pk])).content.decode()
    table = page.split('id="access-table"')[1].split("</table>")[0]
    assert "Morgan Lee viewed C-2026-CUCYX 3 times, 09:02–16:40" in table
    assert "viewed the history of C-2026-CUCYX 1 time, 17:00" in table  # the coordinator, just now


def test_a_party_of_a_case_one_may_not_see_is_a_refused_attempt_too(client, morgan, hidden_case):
    party = factories.PartyFactory(case=hidden_case, role="witness")
    client.force_login(morgan)
    response = client.get(reverse("admin:cases_party_change", args=[party.pk]))
    assert response.status_code == 404  # "no such record", never "you may not"
    refused = list(AccessLog.objects.filter(action="refused").values_list("object_type", "object_id", "object_ref"))
    assert refused == [("cases.party", str(party.pk), "C-2026-CUCYX")]
