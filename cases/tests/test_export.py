"""Case exports (CSV): the coordinator only, identities only on request, logged, injection-safe."""

import csv
import io

import pytest
from django.urls import reverse

from cases.exports import csv_cell
from cases.models import AccessLog

from . import factories

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("admin:cases_case_export")
CHANGELIST_URL = reverse("admin:cases_case_changelist")


@pytest.fixture
def cases(manager):
    first = factories.CaseFactory(case_manager=manager, shared_with_brt=True)
    factories.PartyFactory(
        case=first, name="Avery Complainant", email="avery@example.org", role="complainant"
    )
    factories.PartyFactory(case=first, name="Blake Respondent", email="blake@example.org")
    second = factories.CaseFactory(case_manager=manager)
    factories.PartyFactory(case=second, name='=HYPERLINK("http://evil.example","x")', email="@SUM(1+1)")
    return [first, second]


def _rows(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def _export(client, cases, *, identities: bool):
    data = {"cases": ",".join(str(c.pk) for c in cases)}
    if identities:
        data["include_identities"] = "on"
        data["reason"] = "Records request from the Office for Civil Rights"
    return client.post(EXPORT_URL, data)


@pytest.mark.parametrize("role", ["manager", "investigator", "brt"])
def test_only_the_coordinator_may_export(client, request, role, cases):
    user = request.getfixturevalue(role)
    client.force_login(user)
    assert _export(client, cases, identities=False).status_code == 403
    assert _export(client, cases, identities=True).status_code == 403
    assert client.get(EXPORT_URL).status_code == 403
    # The action is not offered, and posting it anyway is refused.
    page = client.get(CHANGELIST_URL)
    if page.status_code == 200:
        assert "export_csv" not in page.content.decode()
    response = client.post(
        CHANGELIST_URL, {"action": "export_csv", "_selected_action": [str(c.pk) for c in cases]}
    )
    # An action that is not offered is not run: the list again, never the form or a file.
    assert response.status_code in (200, 302, 403)
    assert "text/csv" not in response.get("Content-Type", "")
    assert b"include_identities" not in response.content
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_the_action_asks_first_with_identities_left_out(client, coordinator, cases):
    client.force_login(coordinator)
    page = client.post(
        CHANGELIST_URL, {"action": "export_csv", "_selected_action": [str(c.pk) for c in cases]}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="include_identities"' in html
    assert "checked" not in html.split('name="include_identities"')[1].split(">")[0]
    assert cases[0].reference in html and cases[1].reference in html
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_an_export_without_identities_names_nobody_and_is_logged(client, coordinator, cases):
    client.force_login(coordinator)
    response = _export(client, cases, identities=False)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    for secret in ("Avery", "Blake", "avery@example.org", "blake@example.org", "HYPERLINK", "SUM"):
        assert secret not in text
    rows = _rows(response)
    assert "party_names" not in rows[0]
    assert sorted(r[0] for r in rows[1:]) == sorted(c.reference for c in cases)
    assert "Respondent (Student)" in rows[1][rows[0].index("parties")] + rows[2][rows[0].index("parties")]
    log = AccessLog.objects.filter(action=AccessLog.Action.EXPORT, user=coordinator)
    assert sorted(log.values_list("object_ref", flat=True)) == sorted(c.reference for c in cases)
    assert not log.filter(with_identities=True).exists()


def test_an_export_with_identities_names_the_parties_and_the_log_says_so(client, coordinator, cases):
    client.force_login(coordinator)
    response = _export(client, cases, identities=True)
    rows = _rows(response)
    header = rows[0]
    by_reference = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    first = by_reference[cases[0].reference]
    assert set(first["party_names"].split("; ")) == {"Avery Complainant", "Blake Respondent"}
    assert set(first["party_emails"].split("; ")) == {"avery@example.org", "blake@example.org"}
    log = AccessLog.objects.filter(action=AccessLog.Action.EXPORT, user=coordinator)
    assert log.count() == 2
    assert all(log.values_list("with_identities", flat=True))


def test_cells_that_would_run_as_formulas_are_neutralised(client, coordinator, cases):
    client.force_login(coordinator)
    rows = _rows(_export(client, cases, identities=True))
    header = rows[0]
    second = next(dict(zip(header, r, strict=True)) for r in rows[1:] if r[0] == cases[1].reference)
    assert second["party_names"] == '\'=HYPERLINK("http://evil.example","x")'
    assert second["party_emails"] == "'@SUM(1+1)"
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@"))


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23", "'+33 1 23"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("\tTAB", "'\tTAB"),
        ("plain", "plain"),
        (True, "yes"),
        (None, ""),
    ],
)
def test_csv_cell(value, expected):
    assert csv_cell(value) == expected


def test_an_empty_selection_is_answered_beside_the_form(client, coordinator):
    client.force_login(coordinator)
    response = client.post(EXPORT_URL, {"cases": ""})
    assert response.status_code == 200
    assert "Select at least one case to export." in response.content.decode()
