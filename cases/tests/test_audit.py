"""History (pghistory triggers) and the access log."""

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from cases.models import AccessLog, Case, CaseNote, Party, SupportiveMeasure
from cases.services.audit import access_log_record
from cases.services.documents import case_document_add, case_note_add
from cases.services.measures import supportive_measure_save
from cases.services.parties import party_save
from cases.services.triage import case_report_add
from cases.services.workflow import case_transition
from reports.models import Report

from . import factories

pytestmark = pytest.mark.django_db

PLAINTEXTS = [
    "Zebulon Plaintextname",
    "zebulon@plaintext.example",
    "Sealed note about the hearing",
    "Moved to another dorm quietly",
    "Narrative nobody may read in history",
]


def test_a_bulk_queryset_update_still_appears_in_history(case, manager):
    Case.objects.filter(pk=case.pk).update(status=Case.Status.OUTREACH)
    CaseEvent = apps.get_model("cases", "CaseEvent")
    assert list(CaseEvent.objects.filter(pgh_obj_id=case.pk).values_list("pgh_label", "status")) == [
        ("insert", "new"),
        ("update", "outreach"),
    ]
    report = factories.ReportFactory()
    Report.objects.filter(pk=report.pk).update(status="closed")
    ReportEvent = apps.get_model("cases", "ReportEvent")
    assert ReportEvent.objects.filter(pgh_obj_id=report.pk, pgh_label="update", status="closed").exists()


def test_history_records_who_made_the_change(case, manager):
    case_transition(case=case, to=Case.Status.OUTREACH, actor=manager)
    CaseEvent = apps.get_model("cases", "CaseEvent")
    event = (
        CaseEvent.objects.filter(pgh_obj_id=case.pk, pgh_label="update").select_related("pgh_context").get()
    )
    assert event.pgh_context.metadata["user"] == manager.pk


def test_admin_changes_are_attributed_to_the_signed_in_user(client, case, coordinator, manager):
    client.force_login(coordinator)
    url = reverse("admin:cases_case_change", args=[case.pk])
    page = client.get(url)
    data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    data.update(
        {
            "case_manager": manager.pk,
            "investigator": case.investigator_id,
            "shared_with_brt": "on",
            "process_track": "undetermined",
            "_save": "Save",
        }
    )
    for formset in page.context["inline_admin_formsets"]:
        mgmt = formset.formset.management_form
        for name, field in mgmt.initial.items():
            data[f"{formset.formset.prefix}-{name}"] = field
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    case.refresh_from_db()
    assert case.shared_with_brt
    CaseEvent = apps.get_model("cases", "CaseEvent")
    event = (
        CaseEvent.objects.filter(pgh_obj_id=case.pk, shared_with_brt=True).select_related("pgh_context").get()
    )
    assert event.pgh_context.metadata["user"] == coordinator.pk
    assert event.pgh_context.metadata["url"] == url


def test_encrypted_values_stay_ciphertext_in_every_history_table(case, manager):
    party = party_save(
        party=Party(
            case=case, role="respondent", affiliation="student", name=PLAINTEXTS[0], email=PLAINTEXTS[1]
        ),
        actor=manager,
    )
    case_note_add(case=case, author=manager, body=PLAINTEXTS[2])
    supportive_measure_save(
        measure=SupportiveMeasure(
            case=case, party=party, kind="housing_transfer", details=PLAINTEXTS[3], requested_on="2025-01-06"
        ),
        actor=manager,
    )
    factories.ReportFactory(narrative=PLAINTEXTS[4])
    party.name = PLAINTEXTS[0] + " Jr"
    party_save(party=party, actor=manager)
    event_tables = [
        m._meta.db_table
        for m in apps.get_app_config("cases").get_models()
        if m._meta.db_table.endswith("event") and not m._meta.proxy and m._meta.managed
    ]
    assert {
        "cases_partyevent",
        "cases_casenoteevent",
        "cases_reportevent",
        "cases_supportivemeasureevent",
    } <= set(event_tables)
    with connection.cursor() as cursor:
        dump = []
        for table in event_tables:
            cursor.execute(f'SELECT row_to_json(t)::text FROM "{table}" t')  # noqa: S608 - table names from models
            dump += [row[0] for row in cursor.fetchall()]
        cursor.execute('SELECT name FROM "cases_partyevent"')
        names = [row[0] for row in cursor.fetchall()]
    text = "\n".join(dump)
    for plain in PLAINTEXTS:
        assert plain not in text and plain.lower() not in text.lower()
    assert names and all(name.startswith("gAAAAA") for name in names)  # Fernet tokens


def test_viewing_a_case_a_report_or_a_document_writes_an_access_log_row(client, case, manager):
    report = factories.ReportFactory()
    case_report_add(case=case, report=report, actor=manager)
    document = case_document_add(
        case=case, kind="other", filename="a.txt", content_type="text/plain", data=b"x", actor=manager
    )
    client.force_login(manager)
    client.get(reverse("admin:cases_case_change", args=[case.pk]))
    client.get(reverse("admin:reports_report_change", args=[report.pk]))
    client.get(reverse("admin:cases_case_document", args=[case.pk, document.pk]))
    rows = list(
        AccessLog.objects.order_by("pk").values_list("user_id", "action", "object_type", "object_ref")
    )
    assert rows == [
        (manager.pk, "view", "cases.case", case.reference),
        (manager.pk, "view", "reports.report", report.reference),
        (manager.pk, "download", "cases.casedocument", case.reference),
    ]
    assert AccessLog.objects.first().created_at is not None


def test_history_and_access_log_are_read_only_for_the_coordinator(client, case, coordinator, manager):
    access_log_record(user=manager, action="view", obj=case)
    entry = AccessLog.objects.get()
    client.force_login(coordinator)
    listing = client.get(reverse("admin:cases_accesslog_changelist"), follow=True)  # opens grouped (issue 18)
    assert listing.status_code == 200 and case.reference.encode() in listing.content
    every_entry = client.get(reverse("admin:cases_accesslog_changelist") + "?o=-1")
    assert every_entry.status_code == 200 and case.reference.encode() in every_entry.content
    history = client.get(reverse("admin:cases_casehistoryevent_changelist"))
    assert history.status_code == 200
    assert client.get(reverse("admin:cases_accesslog_add")).status_code == 403
    assert (
        client.post(reverse("admin:cases_accesslog_delete", args=[entry.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert (
        client.post(
            reverse("admin:cases_accesslog_change", args=[entry.pk]), {"action": "export"}
        ).status_code
        == 403
    )
    assert AccessLog.objects.filter(pk=entry.pk, action="view").exists()
    case_history = client.get(reverse("admin:cases_case_history", args=[case.pk]))
    assert case_history.status_code == 200 and b"history-table" in case_history.content
    # Staff other than the coordinator do not get the audit screens at all.
    client.force_login(manager)
    assert client.get(reverse("admin:cases_accesslog_changelist")).status_code == 403
    assert client.get(reverse("admin:cases_casehistoryevent_changelist")).status_code == 403


def test_notes_are_never_edited_in_place(case, manager):
    note = case_note_add(case=case, author=manager, body="First")
    CaseNote.objects.filter(pk=note.pk).update(body="Changed")
    CaseNoteEvent = apps.get_model("cases", "CaseNoteEvent")
    assert CaseNoteEvent.objects.filter(pgh_obj_id=note.pk).count() == 2
