import pytest
from django.contrib.auth.models import Group, User

from idhr_portal import roles
from notifications.models import Notification
from notifications.services import notification_event

pytestmark = pytest.mark.django_db


def _member(username, group_name, email=None):
    user = User.objects.create_user(username, email=email if email is not None else f"{username}@idhr.test")
    user.groups.add(Group.objects.get_or_create(name=group_name)[0])
    return user


def test_title_ix_alert_goes_to_every_coordinator_and_the_configured_address(settings):
    settings.TITLE_IX_ALERT_EMAIL = "titleix-desk@idhr.test"
    _member("c1", roles.TITLE_IX_COORDINATOR)
    _member("c2", roles.TITLE_IX_COORDINATOR)
    _member("cm", roles.CASE_MANAGER)

    n = notification_event(event=Notification.Event.TITLE_IX_REPORT, reference="R-ABC", admin_path="/admin/x/")

    assert sorted(n.recipients) == ["c1@idhr.test", "c2@idhr.test", "titleix-desk@idhr.test"]
    assert "R-ABC" in n.subject
    assert "http://" in n.body_text and "/admin/x/" in n.body_text
    assert '<a href="' in n.body_html


def test_new_report_goes_to_intake_staff_but_not_to_inactive_or_addressless_users():
    _member("cm", roles.CASE_MANAGER)
    _member("noaddress", roles.CASE_MANAGER, email="")
    gone = _member("gone", roles.TITLE_IX_COORDINATOR)
    gone.is_active = False
    gone.save()
    _member("brt", roles.BIAS_RESPONSE_TEAM)

    n = notification_event(event=Notification.Event.REPORT_SUBMITTED, reference="R-1")

    assert n.recipients == ["cm@idhr.test"]


def test_an_event_with_nobody_to_tell_records_nothing():
    assert notification_event(event=Notification.Event.REPORT_SUBMITTED, reference="R-1") is None
    assert Notification.objects.count() == 0
