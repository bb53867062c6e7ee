"""The permissions the Case model declares are checked where the action happens.

`cases.transition_case` moves a case through its workflow; `cases.sign_formal_complaint`
lets the Title IX coordinator sign a formal complaint. The staff roles that do this
work hold them (cases/permissions.py, granted by migration 0003); an actor whose
role lacks them is refused.
"""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied

from cases.models import Case, TimelineEvent, TransitionLog
from cases.services.workflow import case_formal_complaint_sign, case_transition
from idhr_portal import roles

from . import factories

pytestmark = pytest.mark.django_db


def _without(group_name: str, codename: str) -> None:
    Group.objects.get(name=group_name).permissions.remove(
        Permission.objects.get(content_type__app_label="cases", codename=codename)
    )


def _granted(group_name: str) -> set[str]:
    return set(
        Group.objects.get(name=group_name)
        .permissions.filter(codename__in=["transition_case", "sign_formal_complaint"])
        .values_list("codename", flat=True)
    )


def test_the_staff_roles_hold_the_permissions_their_work_needs(groups):
    assert _granted(roles.TITLE_IX_COORDINATOR) == {"transition_case", "sign_formal_complaint"}
    assert _granted(roles.CASE_MANAGER) == {"transition_case"}
    assert _granted(roles.INVESTIGATOR) == {"transition_case"}
    assert _granted(roles.BIAS_RESPONSE_TEAM) == set()
    assert _granted(roles.RESPONSIBLE_EMPLOYEE) == set()


def test_the_groups_created_by_the_migrations_hold_them_too():
    # No role_groups_sync here: the groups as the migrations left them (and as
    # create_demo_staff finds them).
    assert _granted(roles.TITLE_IX_COORDINATOR) == {"transition_case", "sign_formal_complaint"}
    assert _granted(roles.CASE_MANAGER) == {"transition_case"}
    assert _granted(roles.INVESTIGATOR) == {"transition_case"}


def test_a_case_manager_moves_their_case(case, manager):
    case_transition(case=case, to=Case.Status.OUTREACH, actor=manager)
    assert case.status == "outreach"


def test_an_assigned_case_manager_without_transition_case_is_refused(case, manager):
    _without(roles.CASE_MANAGER, "transition_case")

    with pytest.raises(PermissionDenied, match="may not move cases"):
        case_transition(case=case, to=Case.Status.OUTREACH, actor=manager)

    case.refresh_from_db()
    assert case.status == "new"
    assert not TransitionLog.objects.filter(case=case).exists()


def test_a_coordinator_without_transition_case_is_refused(case, coordinator):
    _without(roles.TITLE_IX_COORDINATOR, "transition_case")

    with pytest.raises(PermissionDenied):
        case_transition(case=case, to=Case.Status.ASSESSMENT, actor=coordinator)

    case.refresh_from_db()
    assert case.status == "new"


def test_a_coordinator_without_sign_formal_complaint_may_not_sign(case, coordinator):
    _without(roles.TITLE_IX_COORDINATOR, "sign_formal_complaint")

    with pytest.raises(PermissionDenied, match="Only the Title IX coordinator"):
        case_formal_complaint_sign(case=case, actor=coordinator)

    case.refresh_from_db()
    assert case.coordinator_signed_complaint_at is None


def test_a_case_manager_may_not_sign_even_with_the_permission(case, manager):
    group = Group.objects.get(name=roles.CASE_MANAGER)
    group.permissions.add(Permission.objects.get(codename="sign_formal_complaint"))

    with pytest.raises(PermissionDenied):
        case_formal_complaint_sign(case=case, actor=manager)


def test_signing_is_recorded_with_the_coordinator_as_actor(case, coordinator):
    case_formal_complaint_sign(case=case, actor=coordinator)

    case.refresh_from_db()
    assert case.coordinator_signed_complaint_by == coordinator
    event = TimelineEvent.objects.get(case=case, summary="Formal complaint signed by the Title IX coordinator")
    assert event.actor == coordinator
    CaseEvent = apps.get_model("cases", "CaseEvent")
    history = (
        CaseEvent.objects.filter(pgh_obj_id=case.pk, pgh_label="update").select_related("pgh_context").get()
    )
    assert history.coordinator_signed_complaint_by_id == coordinator.pk
    assert history.pgh_context.metadata["user"] == coordinator.pk


def test_a_superuser_holds_every_permission(case):
    admin = factories.UserFactory(username="root", is_superuser=True)
    case_formal_complaint_sign(case=case, actor=admin)
    case_transition(case=case, to=Case.Status.ASSESSMENT, actor=admin)
    assert case.status == "assessment"
