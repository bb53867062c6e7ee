"""Object-level access: every admin URL of a case a person may not see answers 403/404."""

import pytest
from django.urls import reverse

from cases.models import CaseDocument, InformalResolution, Party
from cases.services.documents import case_document_add
from cases.services.triage import case_report_add
from idhr_portal import roles

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden(coordinator, other_manager):
    """A case assigned to someone else, with everything hanging from it."""
    case = factories.CaseFactory(case_manager=other_manager, status="assessment")
    complainant = factories.PartyFactory(
        case=case, role=Party.Role.COMPLAINANT, name="Hidden Complainant Name"
    )
    measure = factories.SupportiveMeasureFactory(case=case, party=complainant, created_by=other_manager)
    document = case_document_add(
        case=case,
        kind=CaseDocument.Kind.EVIDENCE,
        filename="secret.txt",
        content_type="text/plain",
        data=b"secret evidence",
        actor=other_manager,
    )
    informal = InformalResolution.objects.create(case=case, kind="mediation")
    report = factories.ReportFactory(narrative="Hidden narrative text")
    case_report_add(case=case, report=report, actor=coordinator)
    case.refresh_from_db()
    return {"case": case, "measure": measure, "document": document, "informal": informal, "report": report}


def _urls(h):
    case = h["case"]
    return {
        "change": ("get", reverse("admin:cases_case_change", args=[case.pk])),
        "history": ("get", reverse("admin:cases_case_history", args=[case.pk])),
        "delete": ("get", reverse("admin:cases_case_delete", args=[case.pk])),
        "document": ("get", reverse("admin:cases_case_document", args=[case.pk, h["document"].pk])),
        "notice": ("get", reverse("admin:cases_case_notice", args=[case.pk, h["measure"].pk])),
        "notice-regenerate": ("post", reverse("admin:cases_case_notice", args=[case.pk, h["measure"].pk])),
        "transition": ("post", reverse("admin:cases_case_transition", args=[case.pk])),
        "message": ("post", reverse("admin:cases_case_message", args=[case.pk])),
        "sign": ("post", reverse("admin:cases_case_sign_complaint", args=[case.pk])),
        "determination": ("post", reverse("admin:cases_case_determination", args=[case.pk])),
        "informal": ("post", reverse("admin:cases_case_informal", args=[case.pk])),
        "informal-change": ("get", reverse("admin:cases_informalresolution_change", args=[h["informal"].pk])),
        "report-change": ("get", reverse("admin:reports_report_change", args=[h["report"].pk])),
        "report-add-to-case": ("post", reverse("admin:reports_report_add_to_case", args=[h["report"].pk])),
    }


OUTSIDERS = ["other_case_manager", "investigator", "brt"]


@pytest.fixture
def outsider(request, groups, hidden):
    name = request.param
    group = {
        "other_case_manager": roles.CASE_MANAGER,
        "investigator": roles.INVESTIGATOR,
        "brt": roles.BIAS_RESPONSE_TEAM,
    }[name]
    return factories.staff(group, username=f"outsider-{name}")


@pytest.mark.parametrize("outsider", OUTSIDERS, indirect=True)
@pytest.mark.parametrize(
    "url_name",
    [
        "change",
        "history",
        "delete",
        "document",
        "notice",
        "notice-regenerate",
        "transition",
        "message",
        "sign",
        "determination",
        "informal",
        "informal-change",
        "report-change",
        "report-add-to-case",
    ],
)
def test_a_case_one_may_not_see_answers_403_or_404_everywhere(client, outsider, hidden, url_name):
    client.force_login(outsider)
    method, url = _urls(hidden)[url_name]
    data = {
        "to": "closed_no_action",
        "body": "hi",
        "report": hidden["report"].pk,
        "outcome": "responsible",
        "standard_of_evidence": "preponderance",
        "kind": "mediation",
        "case": hidden["case"].pk,
    }
    response = getattr(client, method)(url, data) if method == "post" else client.get(url)
    assert response.status_code in (403, 404), (url_name, response.status_code)
    hidden["case"].refresh_from_db()
    assert hidden["case"].status == "assessment"
    assert b"Hidden" not in response.content and b"secret evidence" not in response.content


@pytest.mark.parametrize("outsider", OUTSIDERS, indirect=True)
def test_list_pages_exports_autocomplete_and_actions_never_include_the_case(
    client, outsider, hidden, manager
):
    own = factories.CaseFactory(case_manager=outsider, investigator=outsider, shared_with_brt=True)
    client.force_login(outsider)
    ref = hidden["case"].reference.encode()
    changelist = client.get(reverse("admin:cases_case_changelist"))
    assert changelist.status_code == 200
    assert ref not in changelist.content
    assert own.reference.encode() in changelist.content
    # Searching by its exact reference finds nothing (the term itself is echoed in the search box).
    found = client.get(reverse("admin:cases_case_changelist"), {"q": hidden["case"].reference})
    assert reverse("admin:cases_case_change", args=[hidden["case"].pk]).encode() not in found.content
    assert found.context["cl"].result_count == 0
    # Export action with the hidden case's id: the CSV never contains it.
    export = client.post(
        reverse("admin:cases_case_changelist"),
        {"action": "export_csv", "_selected_action": [hidden["case"].pk, own.pk]},
    )
    assert ref not in export.content
    # Autocomplete (used when choosing a case) never offers it.
    auto = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "cases", "model_name": "informalresolution", "field_name": "case", "term": "C-"},
    )
    assert auto.status_code in (200, 403)
    assert ref not in auto.content
    # Reports list never shows the report of the hidden case.
    reports = client.get(reverse("admin:reports_report_changelist"))
    assert hidden["report"].reference.encode() not in reports.content
    # Dashboard counts and lists never include it.
    index = client.get(reverse("admin:index"))
    assert ref not in index.content


def test_responsible_employees_never_reach_the_admin(client, groups, hidden):
    employee = factories.staff(roles.RESPONSIBLE_EMPLOYEE, username="employee", is_staff=False)
    client.force_login(employee)
    for _name, (method, url) in _urls(hidden).items():
        response = getattr(client, method)(url)
        assert response.status_code in (302, 403, 404)
        assert b"Hidden" not in response.content
    assert client.get(reverse("admin:index")).status_code == 302


def test_assigned_staff_and_the_coordinator_see_the_case(client, hidden, other_manager, coordinator):
    for user in (other_manager, coordinator):
        client.force_login(user)
        response = client.get(reverse("admin:cases_case_change", args=[hidden["case"].pk]))
        assert response.status_code == 200
        assert b"Hidden Complainant Name" in response.content
        download = client.get(
            reverse("admin:cases_case_document", args=[hidden["case"].pk, hidden["document"].pk])
        )
        assert download.content == b"secret evidence"
        assert download["X-Content-Type-Options"] == "nosniff"


def test_only_the_coordinator_reads_the_history(client, hidden, other_manager, coordinator):
    client.force_login(other_manager)
    assert client.get(reverse("admin:cases_case_history", args=[hidden["case"].pk])).status_code == 403
    client.force_login(coordinator)
    assert client.get(reverse("admin:cases_case_history", args=[hidden["case"].pk])).status_code == 200


def test_bias_response_team_reads_shared_cases_without_identities(client, brt, hidden):
    case = hidden["case"]
    case.shared_with_brt = True
    case.save()
    client.force_login(brt)
    response = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert response.status_code == 200
    body = response.content
    assert case.reference.encode() in body
    assert b"Hidden Complainant Name" not in body and b"Hidden narrative" not in body
    assert b"Complainant" in body  # role and affiliation are shown
    assert b'name="_save"' not in body  # read-only
    # Documents, notices, the report and transitions stay closed to the team even for a shared case.
    for name in ("document", "notice", "report-change", "transition", "history"):
        method, url = _urls(hidden)[name]
        response = getattr(client, method)(url, {"to": "closed_no_action"})
        assert response.status_code in (403, 404), name
    post = client.post(reverse("admin:cases_case_change", args=[case.pk]), {"shared_with_brt": ""})
    assert post.status_code == 403
    case.refresh_from_db()
    assert case.shared_with_brt and case.status == "assessment"


def test_a_case_manager_who_is_also_on_the_bias_response_team_never_sees_identities_of_shared_cases(
    client, hidden
):
    from django.contrib.auth.models import Group

    case = hidden["case"]
    case.shared_with_brt = True
    case.save()
    both = factories.case_manager()
    both.groups.add(Group.objects.get_or_create(name=roles.BIAS_RESPONSE_TEAM)[0])
    client.force_login(both)

    change = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    report = client.get(reverse("admin:reports_report_change", args=[hidden["report"].pk]))
    listing = client.get(reverse("admin:cases_case_changelist"))

    assert change.status_code in (403, 404)
    assert report.status_code in (403, 404)
    assert case.reference.encode() not in listing.content
    for response in (change, report, listing):
        assert b"Hidden Complainant Name" not in response.content
        assert b"Hidden narrative" not in response.content
