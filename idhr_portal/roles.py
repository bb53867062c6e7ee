"""The staff roles: group names and the predicates every app checks them with.

One vocabulary: no other module compares group names. Only cases assigns
permissions to the groups (cases/migrations); model permissions such as
``cases.transition_case`` are checked where the action happens.
"""

TITLE_IX_COORDINATOR = "Title IX coordinator"
CASE_MANAGER = "Case manager"
INVESTIGATOR = "Investigator"
BIAS_RESPONSE_TEAM = "Bias Response Team"
RESPONSIBLE_EMPLOYEE = "Responsible employee"

# Who receives "new report" alerts: the people who triage the intake queue.
INTAKE_STAFF = (TITLE_IX_COORDINATOR, CASE_MANAGER)


def user_group_names(user) -> frozenset[str]:
    """The user's group names, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_idhr_groups", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._idhr_groups = cached
    return cached


def user_is_coordinator(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or TITLE_IX_COORDINATOR in user_group_names(user)


def user_is_intake_staff(user) -> bool:
    """Coordinator or case manager: the people who triage the intake queue."""
    return user_is_coordinator(user) or CASE_MANAGER in user_group_names(user)


def user_is_brt_only(user) -> bool:
    """A Bias Response Team member with no other case role: read-only, no identities."""
    groups = user_group_names(user)
    return (
        BIAS_RESPONSE_TEAM in groups
        and not user_is_coordinator(user)
        and not ({CASE_MANAGER, INVESTIGATOR} & groups)
    )


def user_may_see_identities(user) -> bool:
    return user_is_staff_member(user) and not user_is_brt_only(user)


def user_is_staff_member(user) -> bool:
    if not getattr(user, "is_active", False) or not getattr(user, "is_staff", False):
        return False
    if user.is_superuser:
        return True
    groups = user_group_names(user)
    return bool(
        groups
        & {TITLE_IX_COORDINATOR, CASE_MANAGER, INVESTIGATOR, BIAS_RESPONSE_TEAM}
    )


def user_is_responsible_employee(user) -> bool:
    """An active account in the responsible-employee group: may file referrals."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and RESPONSIBLE_EMPLOYEE in user_group_names(user)
    )


def user_is_outbox_reader(user) -> bool:
    """The coordinator (or a superuser) reads and edits the notification outbox."""
    return bool(user.is_active and user.is_staff) and user_is_coordinator(user)
