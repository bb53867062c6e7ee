"""Retention: `purge_expired`, legal hold, the monthly beat task and the purge log."""

import datetime
import io
import json
from pathlib import Path

import pghistory
import pghistory.models
import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone

from cases import retention
from cases.models import (
    AccessLog,
    Appeal,
    AssigneeObjection,
    Case,
    CaseAssignment,
    CaseDocument,
    CaseNote,
    CaseReport,
    ConflictAttestation,
    ConsentRecord,
    Determination,
    Evidence,
    InformalResolution,
    Interview,
    Investigation,
    Party,
    PurgeLog,
    Sanction,
    SupportiveMeasure,
    TimelineEvent,
    TransitionLog,
)
from cases.services.audit import access_log_record
from cases.services.documents import case_document_add
from cases.services.triage import case_legal_hold_set
from cases.tasks import purge_expired
from notifications.models import Notification
from reports.models import Attachment, FormalComplaint, Report, ReporterMessage, ReportParty

from . import factories

# In the test's transaction: the purge's own transactions are savepoints, and the stored
# files it deletes on commit are deleted where a test runs the purge inside
# django_capture_on_commit_callbacks(execute=True). Django's TestCase checks the deferred
# foreign keys at the end of each test, as a real commit would.
pytestmark = pytest.mark.django_db

NARRATIVE = "Confidential narrative that must not outlive its retention"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT


def _ago(years: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=int(365.25 * years))


def _history_of(objects: dict) -> int:
    """How many pghistory event rows exist for these {concrete model: pks}."""
    total = 0
    for event_model in retention._event_models():
        tracked = event_model.pgh_tracked_model._meta.concrete_model
        total += event_model.objects.filter(pgh_obj_id__in=objects.get(tracked, ())).count()
    return total


def _outbox(event: str, reference: str, object_ref: str) -> Notification:
    """An outbox row about something (reference and object only, as the services write them)."""
    return Notification.objects.create(
        event=event,
        recipients=["staff@example.org"],
        subject="Subject",
        body_text="Body",
        reference=reference,
        object_ref=object_ref,
    )


def build_case(*, coordinator, closed_years_ago: float | None, status=Case.Status.CLOSED, legal_hold=False):
    """A case with something in every table that hangs from it, closed that long ago."""
    with pghistory.context(user=coordinator.pk, url="/admin/test/"):
        case = factories.CaseFactory(case_manager=coordinator, pathway=Case.Pathway.FORMAL_INVESTIGATION)
        report = factories.ReportFactory(kind=Report.Kind.COMPLAINT, narrative=NARRATIVE)
        CaseReport.objects.create(case=case, report=report, linked_by=coordinator)
        report_party = factories.ReportPartyFactory(report=report)
        complaint = factories.formal_complaint_for(report)
        message = ReporterMessage.objects.create(report=report, direction="from_reporter", body="Any news?")
        attachment = factories.attachment_for(report, b"photo", message=message)
        complainant = factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT)
        respondent = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT)
        measure = factories.SupportiveMeasureFactory(case=case, party=complainant, created_by=coordinator)
        note = CaseNote.objects.create(case=case, author=coordinator, body="A note")
        document = case_document_add(
            case=case,
            kind=CaseDocument.Kind.INVESTIGATOR_REPORT,
            filename="report.pdf",
            content_type="application/pdf",
            data=b"%PDF-1.4 investigator report",
            actor=coordinator,
        )
        informal = InformalResolution.objects.create(case=case, kind=InformalResolution.Kind.MEDIATION)
        consent = ConsentRecord.objects.create(
            informal_resolution=informal,
            party=respondent,
            consented_on=timezone.localdate(),
            in_writing=True,
            voluntary=True,
            document=document,
            recorded_by=coordinator,
        )
        investigation = Investigation.objects.create(case=case, report_document=document)
        interview = Interview.objects.create(
            investigation=investigation, party=respondent, interviewed_on=timezone.localdate(), summary="Said"
        )
        evidence = Evidence.objects.create(
            investigation=investigation,
            description="Messages",
            document=document,
            received_on=timezone.localdate(),
        )
        determination = Determination.objects.create(
            case=case,
            outcome=Determination.Outcome.RESPONSIBLE,
            decided_on=timezone.localdate(),
            appeal_deadline=timezone.localdate(),
            decided_by=coordinator,
        )
        sanction = Sanction.objects.create(determination=determination, party=respondent, kind="warning")
        appeal = Appeal.objects.create(case=case, filed_by=respondent, filed_on=timezone.localdate())
        assignment = CaseAssignment.objects.create(
            case=case, role="decision_maker", user=coordinator, assigned_by=coordinator
        )
        attestation = ConflictAttestation.objects.create(
            case=case, user=coordinator, role="decision_maker", statement="No conflict"
        )
        objection = AssigneeObjection.objects.create(
            case=case,
            party=respondent,
            role="decision_maker",
            assignee=coordinator,
            grounds="Bias",
            filed_on=timezone.localdate(),
        )
        TransitionLog.objects.create(case=case, from_status="new", to_status="closed", actor=coordinator)
        TimelineEvent.objects.create(case=case, kind=TimelineEvent.Kind.OPENED, summary="Opened")
        about_case = _outbox(Notification.Event.REPEAT_RESPONDENT, case.reference, f"cases.case:{case.pk}")
        about_report = _outbox(
            Notification.Event.REPORTER_ACKNOWLEDGEMENT, report.reference, f"reports.report:{report.pk}"
        )
        alert = _outbox(
            Notification.Event.NOTIFICATION_FAILED,
            f"#{about_report.pk}",
            f"notifications.notification:{about_report.pk}",
        )
        for obj in (case, report, document, attachment):
            access_log_record(user=coordinator, action=AccessLog.Action.VIEW, obj=obj)
        # An update, so history holds more than the insert rows.
        Party.objects.filter(pk=respondent.pk).update(affiliation="employee")
        Case.objects.filter(pk=case.pk).update(
            status=status,
            closed_at=_ago(closed_years_ago) if closed_years_ago is not None else None,
            legal_hold=legal_hold,
            legal_hold_reason="Litigation" if legal_hold else "",
        )
    rows = {
        Case: {case.pk},
        Report: {report.pk},
        ReportParty: {report_party.pk},
        FormalComplaint: {complaint.pk},
        ReporterMessage: {message.pk},
        Attachment: {attachment.pk},
        Party: {complainant.pk, respondent.pk},
        SupportiveMeasure: {measure.pk},
        CaseNote: {note.pk},
        CaseDocument: {document.pk},
        InformalResolution: {informal.pk},
        ConsentRecord: {consent.pk},
        Investigation: {investigation.pk},
        Interview: {interview.pk},
        Evidence: {evidence.pk},
        Determination: {determination.pk},
        Sanction: {sanction.pk},
        Appeal: {appeal.pk},
        CaseAssignment: {assignment.pk},
        ConflictAttestation: {attestation.pk},
        AssigneeObjection: {objection.pk},
        Notification: {about_case.pk, about_report.pk, alert.pk},
    }
    files = [
        Path(django_settings.PRIVATE_MEDIA_ROOT) / attachment.stored_name,
        Path(django_settings.PRIVATE_MEDIA_ROOT) / document.stored_name,
    ]
    return case, rows, files


def _remaining(rows: dict) -> dict:
    return {
        model._meta.label: n for model, pks in rows.items() if (n := model._base_manager.filter(pk__in=pks).count())
    }


def _access_rows(rows: dict) -> int:
    return sum(
        AccessLog.objects.filter(object_type=m._meta.label_lower, object_id__in=[str(p) for p in pks]).count()
        for m, pks in rows.items()
    )


@pytest.fixture
def coordinator(groups):
    return factories.coordinator(username="coord")


def test_an_expired_case_and_everything_hanging_from_it_is_purged(coordinator, django_capture_on_commit_callbacks):
    expired, rows, files = build_case(coordinator=coordinator, closed_years_ago=8)
    kept, kept_rows, kept_files = build_case(coordinator=coordinator, closed_years_ago=2)
    held, held_rows, held_files = build_case(coordinator=coordinator, closed_years_ago=8, legal_hold=True)
    open_case, open_rows, open_files = build_case(
        coordinator=coordinator, closed_years_ago=None, status=Case.Status.INVESTIGATION
    )
    assert all(path.exists() for path in files + kept_files + held_files + open_files)
    assert _history_of(rows) >= 15 and _access_rows(rows) == 4
    untouched = [kept_rows, held_rows, open_rows]
    before = [(_remaining(r), _history_of(r), _access_rows(r)) for r in untouched]
    contexts_before = pghistory.models.Context.objects.count()

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_expired", stdout=out)

    # Everything of the expired case is gone: rows, files, history, access log, outbox.
    assert _remaining(rows) == {}
    assert not any(path.exists() for path in files)
    assert _history_of(rows) == 0
    assert _access_rows(rows) == 0
    assert not Notification.objects.filter(reference=expired.reference).exists()
    assert not CaseReport.objects.filter(case_id=expired.pk).exists()
    assert not TimelineEvent.objects.filter(case_id=expired.pk).exists()
    assert not TransitionLog.objects.filter(case_id=expired.pk).exists()
    # The cases not yet expired, on legal hold, or still open are untouched.
    assert [(_remaining(r), _history_of(r), _access_rows(r)) for r in untouched] == before
    assert all(path.exists() for path in kept_files + held_files + open_files)
    assert Case.objects.filter(pk__in=[kept.pk, held.pk, open_case.pk]).count() == 3
    # History contexts still used by other events stay.
    assert 0 < pghistory.models.Context.objects.count() <= contexts_before

    log = PurgeLog.objects.get()
    assert (log.cases, log.reports, log.files, log.held_cases, log.failures) == (1, 1, 2, 1, 0)
    assert log.trigger == PurgeLog.Trigger.COMMAND
    assert log.counts["cases.case"] == 1
    assert log.counts["cases.party"] == 2
    assert log.counts["reports.reportermessage"] == 1
    assert log.counts["notifications.notification"] == 3
    assert log.counts["cases.accesslog"] == 4
    assert log.counts["cases.caseevent"] >= 2
    # The policy in force, recorded with the purge: seven years for every kind of record
    # (the Title IX record-keeping rule, 34 CFR 106.45(b)(10)).
    assert log.policy == {
        "closed_no_action": 7,
        "closed_information_only": 7,
        "closed_supportive_measures": 7,
        "closed_informal_resolution": 7,
        "closed_formal_investigation": 7,
        "closed": 7,
        "anonymous_report_without_case": 7,
        "report_without_case": 7,
    }
    # Counts only: no reference, name or content of what was purged.
    logged = json.dumps([log.counts, log.policy, str(log)])
    assert expired.reference not in logged and NARRATIVE not in logged
    assert "Purged 1 case(s) and 1 report(s), 2 file(s); 1 expired case(s) kept on legal hold." in out.getvalue()

    # A second run finds nothing more.
    call_command("purge_expired", stdout=io.StringIO())
    assert PurgeLog.objects.order_by("-pk").first().cases == 0


def test_a_dry_run_counts_and_deletes_nothing(coordinator):
    expired, rows, files = build_case(coordinator=coordinator, closed_years_ago=8)
    history = _history_of(rows)
    out = io.StringIO()
    call_command("purge_expired", "--dry-run", stdout=out)
    assert "Would purge 1 case(s) and 1 report(s), 2 file(s)" in out.getvalue()
    assert "cases.party: 2" in out.getvalue()
    assert len(_remaining(rows)) == len(rows)
    assert _history_of(rows) == history
    assert all(path.exists() for path in files)
    assert not PurgeLog.objects.exists()


def test_retention_follows_the_outcome_setting(coordinator, settings):
    settings.RETENTION_YEARS = {**settings.RETENTION_YEARS, "closed_no_action": 1}
    no_action, rows, _files = build_case(
        coordinator=coordinator, closed_years_ago=2, status=Case.Status.CLOSED_NO_ACTION
    )
    investigated, kept_rows, _kept = build_case(coordinator=coordinator, closed_years_ago=2)
    assert retention.case_retention_key(Case.objects.get(pk=no_action.pk)) == "closed_no_action"
    assert retention.case_retention_key(Case.objects.get(pk=investigated.pk)) == "closed_formal_investigation"
    retention.retention_purge()
    assert _remaining(rows) == {}
    assert len(_remaining(kept_rows)) == len(kept_rows)


def test_anonymous_reports_never_attached_to_a_case_are_purged_after_their_period(
    settings, django_capture_on_commit_callbacks
):
    settings.RETENTION_YEARS = {**settings.RETENTION_YEARS, "anonymous_report_without_case": 2}
    old_anonymous = factories.ReportFactory(anonymous=True)
    ReportParty.objects.create(report=old_anonymous, role="respondent", name="Someone", position=0)
    stored = factories.attachment_for(old_anonymous, b"evidence").stored_name
    _outbox(Notification.Event.REPORT_SUBMITTED, old_anonymous.reference, f"reports.report:{old_anonymous.pk}")
    recent_anonymous = factories.ReportFactory(anonymous=True)
    old_named = factories.ReportFactory()  # named: "report_without_case", 7 years by default
    Report.objects.filter(pk__in=[old_anonymous.pk, old_named.pk]).update(created_at=_ago(3))

    with django_capture_on_commit_callbacks(execute=True):
        result = retention.retention_purge()

    assert (result.cases, result.reports, result.files) == (0, 1, 1)
    assert set(Report.objects.values_list("pk", flat=True)) == {recent_anonymous.pk, old_named.pk}
    assert not (Path(settings.PRIVATE_MEDIA_ROOT) / stored).exists()
    assert not ReportParty.objects.exists()
    assert not Notification.objects.exists()
    ReportEvent = apps.get_model("cases", "ReportEvent")
    assert not ReportEvent.objects.filter(pgh_obj_id=old_anonymous.pk).exists()


def test_the_database_refuses_to_delete_a_case_on_legal_hold(coordinator):
    held, rows, _files = build_case(coordinator=coordinator, closed_years_ago=8, legal_hold=True)
    with pytest.raises(DatabaseError), transaction.atomic():
        Case.objects.filter(pk=held.pk).delete()
    assert Case.objects.filter(pk=held.pk).exists()
    assert len(_remaining(rows)) == len(rows)


def test_a_hold_placed_after_the_list_was_read_still_wins(coordinator):
    expired, rows, _files = build_case(coordinator=coordinator, closed_years_ago=8)
    now = timezone.now()
    Case.objects.filter(pk=expired.pk).update(legal_hold=True, legal_hold_reason="Subpoena")
    assert retention._purge_case(expired.pk, now=now) is None
    assert len(_remaining(rows)) == len(rows)


def test_only_the_coordinator_places_a_legal_hold_and_gives_a_reason(coordinator):
    manager = factories.case_manager(username="manager")
    case = factories.CaseFactory(case_manager=manager)
    with pytest.raises(PermissionDenied):
        case_legal_hold_set(case=case, hold=True, reason="Litigation", actor=manager)
    with pytest.raises(ValidationError):
        case_legal_hold_set(case=case, hold=True, reason=" ", actor=coordinator)
    case_legal_hold_set(case=case, hold=True, reason="Litigation", actor=coordinator)
    case.refresh_from_db()
    assert case.legal_hold and case.legal_hold_reason == "Litigation"
    assert TimelineEvent.objects.filter(case=case, kind=TimelineEvent.Kind.LEGAL_HOLD).exists()


def test_the_monthly_beat_task_purges_and_logs(coordinator):
    schedule = django_settings.CELERY_BEAT_SCHEDULE["cases-purge-expired"]
    assert schedule["task"] == purge_expired.name == "cases.purge_expired"
    assert schedule["schedule"].day_of_month == {1}
    _expired, rows, _files = build_case(coordinator=coordinator, closed_years_ago=8)
    assert purge_expired() == 2  # one case and its report
    assert _remaining(rows) == {}
    assert PurgeLog.objects.get().trigger == PurgeLog.Trigger.SCHEDULE


def _case_form_data(client, case, **changes):
    url = reverse("admin:cases_case_change", args=[case.pk])
    page = client.get(url)
    data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    for key in ("case_manager", "investigator"):
        data[key] = data.get(key) or ""
    data.update({"process_track": case.process_track, "_save": "Save", **changes})
    for formset in page.context["inline_admin_formsets"]:
        for name, value in formset.formset.management_form.initial.items():
            data[f"{formset.formset.prefix}-{name}"] = value
    return url, data


def test_the_coordinator_places_a_legal_hold_on_the_case_page(client, coordinator):
    case = factories.CaseFactory()
    client.force_login(coordinator)
    url, data = _case_form_data(client, case, legal_hold="on", legal_hold_reason="")
    page = client.post(url, data)
    assert page.status_code == 200
    assert "Give the reason for the legal hold." in page.content.decode()
    case.refresh_from_db()
    assert not case.legal_hold

    url, data = _case_form_data(client, case, legal_hold="on", legal_hold_reason="Pending lawsuit")
    assert client.post(url, data).status_code == 302
    case.refresh_from_db()
    assert case.legal_hold and case.legal_hold_reason == "Pending lawsuit"


def test_the_purge_log_is_read_by_the_coordinator_only(client, coordinator):
    retention.retention_purge()
    log = PurgeLog.objects.get()
    manager = factories.case_manager(username="manager")
    client.force_login(manager)
    assert client.get(reverse("admin:cases_purgelog_changelist")).status_code == 403
    client.force_login(coordinator)
    page = client.get(reverse("admin:cases_purgelog_change", args=[log.pk]))
    assert page.status_code == 200
    assert "closed_no_action" in page.content.decode()


def test_a_closed_case_is_kept_for_seven_years_and_purged_after_them(coordinator, django_capture_on_commit_callbacks):
    """34 CFR 106.45(b)(10): records are kept seven years, so the line falls at seven."""
    younger, _young_rows, young_files = build_case(coordinator=coordinator, closed_years_ago=6.9)
    older, old_rows, _old_files = build_case(coordinator=coordinator, closed_years_ago=7.1)
    with django_capture_on_commit_callbacks(execute=True):
        purge_expired()
    assert _remaining(old_rows) == {}
    assert list(Case.objects.filter(pk__in=[younger.pk, older.pk])) == [younger]
    assert all(path.exists() for path in young_files)
