"""Roles from the directory: one attribute's values mapped to the portal's groups.

Applied at every single sign-on: the account's groups become exactly the mapped ones
(groups the directory does not map are left alone only for local, break-glass accounts,
which never sign in here). The session keeps a hash of the groups it was opened with;
when the account's groups change (a later sign-in, or an edit in the admin) every
session opened under the old membership ends at its next request.
"""
import hashlib

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from idhr_portal import roles

STAFF_ROLES = frozenset(
    {roles.TITLE_IX_COORDINATOR, roles.CASE_MANAGER, roles.INVESTIGATOR, roles.BIAS_RESPONSE_TEAM}
)
# Session keys of a single sign-on session.
SSO_MEMBERSHIP_KEY = "_idhr_sso_membership"
SSO_MFA_KEY = "_idhr_sso_mfa"


def role_map() -> dict[str, str]:
    """Directory value -> portal group name, for the roles that are configured."""
    return {value: group for group, value in settings.IDHR_SAML_ROLES.items() if value}


def roles_from_attributes(attributes: dict) -> frozenset[str]:
    """The portal groups the assertion's group attribute grants (unknown values ignored)."""
    values = attributes.get(settings.IDHR_SAML_GROUP_ATTRIBUTE) or []
    mapping = role_map()
    return frozenset(mapping[v] for v in values if v in mapping)


def needs_mfa(groups: frozenset[str]) -> bool:
    """Staff roles need the identity provider's multi-factor sign-in."""
    return settings.IDHR_SAML_REQUIRE_MFA and bool(groups & STAFF_ROLES)


def membership_hash(groups) -> str:
    return hashlib.sha256("\n".join(sorted(groups)).encode()).hexdigest()


def user_membership_hash(user) -> str:
    return membership_hash(user.groups.values_list("name", flat=True))


def user_roles_apply(*, user, groups: frozenset[str]) -> bool:
    """Give the account exactly the mapped groups and the matching admin flag.

    Returns whether the membership changed (the caller then ends the old sessions).
    """
    with transaction.atomic():
        before = frozenset(user.groups.values_list("name", flat=True))
        wanted = [Group.objects.get_or_create(name=name)[0] for name in sorted(groups)]
        is_staff = bool(groups & STAFF_ROLES)
        if before != groups:
            user.groups.set(wanted)
        if user.is_staff != is_staff or user.is_superuser:
            user.is_staff = is_staff
            user.is_superuser = False  # the directory never makes a superuser
            user.save(update_fields=["is_staff", "is_superuser"])
    user._idhr_groups = groups
    return before != groups
