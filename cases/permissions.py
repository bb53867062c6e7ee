"""Model permissions of each staff group.

Model permissions only open the admin's doors; which cases a person sees is
decided per object in cases.selectors (case_visibility_q).
"""

from django.db import transaction

from idhr_portal import roles

CASE_WORK = [
    "view_case",
    "change_case",
    "transition_case",
    "view_party",
    "add_party",
    "change_party",
    "view_supportivemeasure",
    "add_supportivemeasure",
    "change_supportivemeasure",
    "view_casenote",
    "add_casenote",
    "view_casedocument",
    "add_casedocument",
    "view_informalresolution",
    "add_informalresolution",
    "change_informalresolution",
    "view_consentrecord",
    "add_consentrecord",
    "change_consentrecord",
    "view_investigation",
    "change_investigation",
    "view_interview",
    "add_interview",
    "change_interview",
    "view_evidence",
    "add_evidence",
    "change_evidence",
    "view_determination",
    "add_determination",
    "change_determination",
    "view_sanction",
    "add_sanction",
    "view_appeal",
    "add_appeal",
    "change_appeal",
    "view_timelineevent",
    "view_casereport",
]
REPORTS_READ = [
    "reports.view_report",
    "reports.view_reportparty",
    "reports.view_attachment",
    "reports.view_reportermessage",
    "reports.view_formalcomplaint",
    "reports.view_referral",
]
TRIAGE = ["add_case", "add_casereport", "reports.change_report"]

ROLE_PERMISSIONS = {
    roles.TITLE_IX_COORDINATOR: CASE_WORK
    + TRIAGE
    + REPORTS_READ
    + [
        "view_case_history",
        "sign_formal_complaint",
        "view_accesslog",
    ],
    roles.CASE_MANAGER: CASE_WORK + TRIAGE + REPORTS_READ,
    roles.INVESTIGATOR: CASE_WORK
    + [
        "reports.view_report",
        "reports.view_reportparty",
        "reports.view_attachment",
        "reports.view_formalcomplaint",
    ],
    roles.BIAS_RESPONSE_TEAM: ["view_case", "view_timelineevent"],
    roles.RESPONSIBLE_EMPLOYEE: [],
}


def permissions_for(group_name: str, permission_model):
    """The Permission rows a group gets (raises if one is missing)."""
    perms = []
    for entry in ROLE_PERMISSIONS[group_name]:
        app_label, _sep, codename = entry.rpartition(".")
        perms.append(
            permission_model.objects.get(content_type__app_label=app_label or "cases", codename=codename)
        )
    return perms


def role_groups_sync() -> None:
    """Create the staff groups with their permissions (tests that flush the database use it)."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    with transaction.atomic():
        for app_config in global_apps.get_app_configs():
            create_permissions(app_config, verbosity=0)
        for group_name in ROLE_PERMISSIONS:
            group, _created = Group.objects.get_or_create(name=group_name)
            group.permissions.set(permissions_for(group_name, Permission))
