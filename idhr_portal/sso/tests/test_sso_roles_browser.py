"""Issue 19: roles come from the directory at every sign-in; a change ends the old sessions."""
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from .conftest import CASE_MANAGERS, LIBRARY, idp_sign_in

pytestmark = [pytest.mark.django_db(transaction=True)]


def groups_of(username):
    user = get_user_model().objects.get(username=username)
    return set(user.groups.values_list("name", flat=True)), user.is_staff


def test_a_person_removed_from_the_directory_group_loses_access_at_the_next_request(idp, new_page, live_server):
    first = new_page()
    idp_sign_in(first, "ivy")
    expect(first.get_by_role("heading", name="Today")).to_be_visible()

    idp.users["ivy"]["groups"] = [LIBRARY]  # the directory no longer lists Ivy as an investigator
    second = new_page()
    idp_sign_in(second, "ivy")
    expect(second.get_by_role("heading", name="You do not have access to the IDHR Portal")).to_be_visible()
    assert groups_of("ivy@example.edu") == (set(), False)

    # The session opened while Ivy was an investigator ends at its next request.
    first.goto("/admin/")
    assert first.url.startswith(f"{live_server.url}/admin/login/")
    expect(first.get_by_role("heading", name="Today")).to_have_count(0)


def test_a_role_changed_in_the_directory_applies_at_sign_in_and_ends_the_old_session(idp, new_page, live_server):
    first = new_page()
    idp_sign_in(first, "ivy")
    assert groups_of("ivy@example.edu") == ({"Investigator"}, True)

    idp.users["ivy"]["groups"] = [CASE_MANAGERS]
    second = new_page()
    idp_sign_in(second, "ivy")
    expect(second.get_by_role("heading", name="Today")).to_be_visible()
    assert groups_of("ivy@example.edu") == ({"Case manager"}, True)

    first.goto("/admin/")
    assert first.url.startswith(f"{live_server.url}/admin/login/")
    second.goto("/admin/")
    assert second.url == f"{live_server.url}/admin/"


def test_a_group_taken_away_in_the_admin_ends_the_single_sign_on_session(idp, page, live_server):
    idp_sign_in(page, "casey")
    expect(page.get_by_role("heading", name="Today")).to_be_visible()

    user = get_user_model().objects.get(username="casey@example.edu")
    user.groups.remove(Group.objects.get(name="Title IX coordinator"))

    page.goto("/admin/")
    assert page.url.startswith(f"{live_server.url}/admin/login/")


def test_a_sign_in_never_keeps_a_group_the_directory_did_not_grant(idp, page):
    user = get_user_model().objects.create_user(username="blake@example.edu", is_staff=True, is_superuser=True)
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get_or_create(name="Title IX coordinator")[0])

    idp_sign_in(page, "blake")

    expect(page.get_by_role("heading", name="Today")).to_be_visible()
    user.refresh_from_db()
    assert set(user.groups.values_list("name", flat=True)) == {"Bias Response Team"}
    assert user.is_staff and not user.is_superuser


def test_a_break_glass_account_cannot_be_taken_over_through_the_idp(idp, page, live_server):
    get_user_model().objects.create_user(username="casey@example.edu", password="a long local passphrase 42")

    idp_sign_in(page, "casey")

    expect(page.get_by_role("heading", name="You do not have access to the IDHR Portal")).to_be_visible()
    page.goto("/admin/")
    assert page.url.startswith(f"{live_server.url}/admin/login/")
