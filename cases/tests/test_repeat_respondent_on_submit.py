"""A new public report naming a respondent already in a case alerts the coordinator at once."""
import pytest

from cases.tests.factories import PartyFactory, coordinator
from notifications.models import Notification
from reports import services as report_services
from reports.tests.factories import incident_details

pytestmark = pytest.mark.django_db


def _submit(respondent_name, respondent_email):
    return report_services.incident_report_submit(
        receipt_code=report_services.receipt_code_new(),
        details=incident_details(
            respondents=[report_services.Party(name=respondent_name, email=respondent_email, affiliation="student")]
        ),
        is_anonymous=True,
        relationship="self",
    )


def _repeat_alerts():
    return Notification.objects.filter(event=Notification.Event.REPEAT_RESPONDENT)


def test_a_report_naming_a_respondent_of_another_case_alerts_the_coordinator():
    lead = coordinator(email="lead@idhr.test")
    PartyFactory(name="Jordan Q. Example", email="jordan.example@mit.edu")

    report = _submit("example, JORDAN", "someone-else@mit.edu")

    alerts = list(_repeat_alerts())
    assert len(alerts) == 1
    assert alerts[0].recipients == [lead.email]
    assert alerts[0].reference == report.reference
    assert "Jordan" not in alerts[0].subject + alerts[0].body_text + alerts[0].body_html


def test_an_email_match_alone_is_enough():
    coordinator(email="lead@idhr.test")
    PartyFactory(name="Somebody Else", email="Jordan.Example@MIT.edu")

    _submit("J. Unknown", "jordan.example@mit.edu ")

    assert _repeat_alerts().count() == 1


def test_no_alert_when_nobody_matches():
    coordinator(email="lead@idhr.test")
    PartyFactory(name="Avery Different", email="avery@mit.edu")

    _submit("Jordan Q. Example", "jordan.example@mit.edu")

    assert _repeat_alerts().count() == 0


def test_witnesses_are_never_matched():
    coordinator(email="lead@idhr.test")
    PartyFactory(name="Casey Witness", email="casey@mit.edu", role="witness")

    _submit("Avery Different", "avery@mit.edu")  # the default details also name witness Casey Witness

    assert _repeat_alerts().count() == 0


def test_a_failed_check_never_loses_the_report_and_is_logged_and_retried(
    monkeypatch, caplog, django_capture_on_commit_callbacks
):
    from cases.services import parties as case_services  # the module that defines the check
    from cases.tasks import check_report_for_repeat_respondents
    from reports.models import Report

    coordinator(email="lead@idhr.test")
    PartyFactory(name="Jordan Q. Example", email="jordan.example@mit.edu")

    def broken(*, report):
        raise RuntimeError("matching is down")

    monkeypatch.setattr(case_services, "report_repeat_respondent_check", broken)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = _submit("Jordan Q. Example", "someone-else@mit.edu")

    assert Report.objects.filter(pk=report.pk).exists()
    assert _repeat_alerts().count() == 0
    failures = [r for r in caplog.records if r.name == "cases.receivers" and r.levelname == "ERROR"]
    assert len(failures) == 1 and failures[0].exc_info[1].args == ("matching is down",)
    # The retry is queued once the report is committed.
    retries = [c for c in callbacks if getattr(c, "func", None) == check_report_for_repeat_respondents.delay]
    assert [c.args for c in retries] == [(report.pk,)]

    monkeypatch.undo()
    # What the queued retry runs (the worker calls the task with the report's id).
    assert check_report_for_repeat_respondents.run(report.pk) == 1
    assert _repeat_alerts().count() == 1
