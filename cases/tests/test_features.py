"""Triage, repeat respondents, notices, deadlines digest, messages and the case page."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseReport, Party, ProcessTrack, SupportiveMeasure, TimelineEvent
from cases.selectors.access import reporter_message_recipients
from cases.selectors.deadlines import deadline_digest_items, overdue_cases
from cases.services.deadlines import deadline_digest_send
from cases.services.measures import supportive_measure_save
from cases.services.parties import case_process_track_derive, case_process_track_override, party_save
from cases.services.triage import case_open_from_report, case_report_add
from notifications.models import Notification

from . import factories

pytestmark = pytest.mark.django_db


def test_triage_opens_a_case_from_a_report_and_copies_its_people(client, manager):
    report = factories.ReportFactory(reporter_name="Ada Reporter", reporter_affiliation="student")
    factories.ReportPartyFactory(report=report, name="Rory Respondent", affiliation="employee")
    client.force_login(manager)
    queue = client.get(reverse("admin:reports_report_changelist") + "?triage=queue")
    assert report.reference.encode() in queue.content
    response = client.post(reverse("admin:reports_report_open_case", args=[report.pk]))
    link = CaseReport.objects.get(report=report)
    assert response.status_code == 302 and response["Location"].endswith(f"/{link.case.pk}/change/")
    case = link.case
    assert case.case_manager == manager and case.status == Case.Status.NEW
    parties = {(p.role, p.affiliation, p.name) for p in case.parties.all()}
    assert parties == {
        ("complainant", "student", "Ada Reporter"),
        ("respondent", "employee", "Rory Respondent"),
    }
    assert case.process_track == ProcessTrack.EMPLOYEE
    queue = client.get(reverse("admin:reports_report_changelist") + "?triage=queue")
    assert report.pk not in {r.pk for r in queue.context["cl"].result_list}
    # A second report joins the same case.
    second = factories.ReportFactory(categories=["stalking"])
    client.post(reverse("admin:reports_report_add_to_case", args=[second.pk]), {"case": case.pk})
    case.refresh_from_db()
    assert set(case.categories) == {"sexual_harassment", "stalking"}
    assert case.case_reports.count() == 2
    # A report already in a case cannot be triaged twice.
    client.post(reverse("admin:reports_report_open_case", args=[report.pk]))
    assert CaseReport.objects.filter(report=report).count() == 1


def test_the_case_page_offers_only_allowed_transitions_and_says_why_one_is_refused(client, case, manager):
    client.force_login(manager)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.ASSESSMENT)
    page = client.get(reverse("admin:cases_case_change", args=[case.pk])).content.decode()
    # From assessment the office chooses a pathway (DESIGN.md): these five, nothing else.
    offered = set(re.findall(r'name="transition" value="([a-z_]+)"', page))
    assert offered == {
        "closed_no_action",
        "closed_information",
        "supportive_measures",
        "informal_resolution",
        "investigation",
    }
    assert "Not yet: 106.30(a), 106.44(b)(1): a formal investigation needs a signed formal complaint" in page
    response = client.post(
        reverse("admin:cases_case_transition", args=[case.pk]), {"to": "investigation"}, follow=True
    )
    assert (
        "Not moved: 106.30(a), 106.44(b)(1): a formal investigation needs a signed formal complaint"
        in response.content.decode()
    )
    # Closing takes a reason, the basis of the response and (no measure recorded) why none
    # was not clearly unreasonable, and is confirmed before anything moves (issue 14, items 11-12).
    texts = {"reason": "Information given", "response_basis": "Prompt outreach", "no_measures_reason": "Declined"}
    response = client.post(
        reverse("admin:cases_case_transition", args=[case.pk]), {"to": "closed_information", **texts}
    )
    assert "Confirm: move to “Closed with information only”" in response.content.decode()
    response = client.post(
        reverse("admin:cases_case_transition", args=[case.pk]),
        {"to": "closed_information", "confirmed": "True", **texts},
        follow=True,
    )
    assert "The case is now “Closed with information only”" in response.content.decode()


def test_process_track_override_needs_a_reason(case, manager):
    factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, affiliation="student")
    case_process_track_derive(case=case)
    assert case.process_track == ProcessTrack.STUDENT
    with pytest.raises(Exception, match="reason"):
        case_process_track_override(
            case=case, track=ProcessTrack.EMPLOYEE, actor=manager, reason=" "
        )
    case_process_track_override(
        case=case,
        track=ProcessTrack.EMPLOYEE,
        actor=manager,
        reason="Respondent is a teaching assistant acting as employee",
    )
    party_save(
        party=Party(case=case, role="respondent", affiliation="student", name="X"), actor=manager
    )
    case.refresh_from_db()
    assert case.process_track == ProcessTrack.EMPLOYEE and case.process_track_overridden
    assert TimelineEvent.objects.filter(case=case, kind="track", summary__contains="set by hand").exists()


def test_a_repeat_respondent_is_flagged_linked_for_those_allowed_and_the_coordinator_told(
    client, coordinator, manager, other_manager
):
    first = factories.CaseFactory(case_manager=other_manager)
    party_save(
        party=Party(
            case=first,
            role="respondent",
            affiliation="student",
            name="Jordan Q. Example",
            email="J.Example@mit.edu",
        ),
        actor=coordinator,
    )
    report = factories.ReportFactory()
    factories.ReportPartyFactory(report=report, name="example, jordan", email="someone@else.org")
    client.force_login(coordinator)
    queue = client.get(reverse("admin:reports_report_changelist"))
    assert queue.context["cl"].result_list[0].repeat_match is True
    second = case_open_from_report(report=report, actor=manager)
    assert TimelineEvent.objects.filter(case=second, kind="flag").exists()
    alert = Notification.objects.get(event=Notification.Event.REPEAT_RESPONDENT)
    assert alert.recipients == [coordinator.email]
    assert "Jordan" not in alert.body_text and second.reference in alert.body_text
    page = client.get(reverse("admin:cases_case_change", args=[second.pk])).content.decode()
    assert 'id="repeat-flag"' in page and first.reference in page
    client.force_login(manager)  # may not open the other case: told it exists, not which one
    page = client.get(reverse("admin:cases_case_change", args=[second.pk])).content.decode()
    assert 'id="repeat-flag"' in page and first.reference not in page and "1 case you cannot open" in page
    listing = client.get(reverse("admin:cases_case_changelist"))
    assert listing.context["cl"].result_list[0].has_repeat_respondent


def test_written_notice_lists_resources_for_the_partys_audience(case, manager):
    from resources.models import Resource

    Resource.objects.create(
        name="Student Mental Health",
        slug="smh",
        category="health",
        audiences=["students"],
        description="x",
        is_confidential=True,
    )
    Resource.objects.create(
        name="Employee Assistance", slug="eap", category="work", audiences=["employees"], description="x"
    )
    party = factories.PartyFactory(case=case, role="complainant", affiliation="student", name="Sam Student")
    measure = supportive_measure_save(
        measure=SupportiveMeasure(
            case=case, party=party, kind="no_contact_order", requested_on=timezone.localdate()
        ),
        actor=manager,
    )
    assert "Written notice of a supportive measure" in measure.notice_text
    assert "No-contact order" in measure.notice_text and "Sam Student" in measure.notice_text
    assert "Student Mental Health (confidential)" in measure.notice_text
    assert "Employee Assistance" not in measure.notice_text


def test_supportive_measures_only_while_the_case_is_open(case, manager):
    party = factories.PartyFactory(case=case)
    Case.objects.filter(pk=case.pk).update(status="closed")
    case.refresh_from_db()
    with pytest.raises(Exception, match="open"):
        supportive_measure_save(
            measure=SupportiveMeasure(
                case=case, party=party, kind="other", requested_on=timezone.localdate()
            ),
            actor=manager,
        )


def test_daily_digest_lists_exactly_each_assignees_overdue_cases(
    coordinator, manager, other_manager, investigator
):
    today = timezone.localdate()
    late = factories.CaseFactory(
        case_manager=manager,
        investigator=investigator,
        status="assessment",
        due_on=today - datetime.timedelta(days=2),
    )
    other_late = factories.CaseFactory(
        case_manager=other_manager, status="outreach", due_on=today - datetime.timedelta(days=1)
    )
    factories.CaseFactory(
        case_manager=manager, status="assessment", due_on=today + datetime.timedelta(days=1)
    )
    factories.CaseFactory(case_manager=manager, status="closed", due_on=today - datetime.timedelta(days=9))
    items = deadline_digest_items(today=today)
    refs = {email: sorted(i["reference"] for i in rows) for email, rows in items.items()}
    assert refs == {
        manager.email: [late.reference],
        investigator.email: [late.reference],
        other_manager.email: [other_late.reference],
        coordinator.email: sorted([late.reference, other_late.reference]),
    }
    assert deadline_digest_send(today=today) == 4
    digest = next(
        n for n in Notification.objects.filter(event="deadlines.digest") if n.recipients == [manager.email]
    )
    assert late.reference in digest.body_text and other_late.reference not in digest.body_text


def test_the_digest_task_is_registered_under_its_contract_name():
    from cases.tasks import send_deadline_digest
    from idhr_portal.celery import app

    assert send_deadline_digest.name == "cases.send_deadline_digest"
    assert "cases.send_deadline_digest" in app.tasks


def test_reporter_messages_go_to_the_cases_assigned_staff(case, manager, investigator):
    from reports.services import reporter_message_add

    report = factories.ReportFactory()
    case_report_add(case=case, report=report, actor=manager)
    assert reporter_message_recipients(f"reports.report:{report.pk}") == sorted(
        [manager.email, investigator.email]
    )
    reporter_message_add(report=report, body="I remembered something")
    note = Notification.objects.get(event=Notification.Event.REPORTER_MESSAGE)
    assert sorted(note.recipients) == sorted([manager.email, investigator.email])


def test_staff_message_to_the_reporter_from_the_case_page(client, case, manager):
    report = factories.ReportFactory()
    case_report_add(case=case, report=report, actor=manager)
    client.force_login(manager)
    client.post(
        reverse("admin:cases_case_message", args=[case.pk]), {"report": report.pk, "body": "Can we talk?"}
    )
    message = report.messages.get()
    assert (message.direction, message.body, message.author) == ("from_staff", "Can we talk?", manager)
    assert TimelineEvent.objects.filter(case=case, kind="message").exists()


def test_dashboard_shows_queue_open_overdue_and_my_cases(client, manager, other_manager):
    factories.ReportFactory()
    mine = factories.CaseFactory(
        case_manager=manager, status="assessment", due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    factories.CaseFactory(case_manager=other_manager)
    client.force_login(manager)
    page = client.get(reverse("admin:index")).content.decode()
    assert 'id="intake-count">1<' in page
    assert 'id="open-count">1<' in page and 'id="overdue-count">1<' in page and 'id="mine-count">1<' in page
    assert mine.reference in page
    mine_view = client.get(reverse("admin:cases_case_mine"), follow=True)
    assert [c.pk for c in mine_view.context["cl"].result_list] == [mine.pk]


def test_case_list_filters(client, coordinator, manager):
    today = timezone.localdate()
    overdue = factories.CaseFactory(
        case_manager=manager, due_on=today - datetime.timedelta(days=1), categories=["stalking"]
    )
    ok = factories.CaseFactory(due_on=today + datetime.timedelta(days=3))
    client.force_login(coordinator)

    def listed(query):
        response = client.get(reverse("admin:cases_case_changelist") + query)
        return {c.pk for c in response.context["cl"].result_list}

    assert listed("?overdue=yes") == {overdue.pk}
    assert listed("?overdue=no") == {ok.pk}
    assert listed("?category=stalking") == {overdue.pk}
    assert listed(f"?assignee={manager.pk}") == {overdue.pk}
    assert listed(f"?q={ok.reference}") == {ok.pk}
    assert overdue_cases().count() == 1


def test_demo_data_covers_every_state_and_is_idempotent(settings, groups):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("create_demo_cases")
    call_command("create_demo_cases")
    demo = Case.objects.filter(reference__startswith="C-DEMO")
    by_state = demo.exclude(reference__startswith="C-DEMO-TIX")  # the formal-process stages: test_demo_formal
    assert sorted(by_state.values_list("status", flat=True)) == sorted(Case.Status.values)
    assert TimelineEvent.objects.filter(case__in=demo, kind="flag").exists()  # a repeat respondent pair
