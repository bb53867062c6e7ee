"""Reads of the cases app, one module per idea: who may see what (access), deadlines,
repeat respondents, the reads the workflow's guards need (process), the directory's
resources for notices, and the dashboard. Re-exported here, so
`from cases import selectors; selectors.x` keeps working.
"""

from .access import (
    case_user_may_edit,
    case_visibility_q,
    case_visible_queryset,
    reporter_message_recipients,
    staff_with_group,
    user_group_names,
    user_is_brt_only,
    user_is_coordinator,
    user_is_intake_staff,
    user_is_staff_member,
    user_may_see_identities,
)
from .assignments import (
    case_assignment_visibility_q,
    case_role_action_refusal,
    case_role_attested,
    case_role_refusal,
    case_role_user_ids,
)
from .calendar import CalendarEntry, calendar_day_counts, calendar_entries, calendar_ics, calendar_weeks
from .dashboard import case_timeline, dashboard_counts, intake_queue_count
from .deadlines import (
    add_business_days,
    deadline_digest_items,
    overdue_cases,
    overdue_q,
    stage_due_on,
    stage_target_days,
)
from .intake import intake_overdue_before, intake_overdue_count, triage_due_on, triage_target_days
from .people import (
    Appearance,
    case_ids_matching,
    case_ids_q,
    identity_hits,
    identity_search_enabled,
    people_search_for,
    person_appearances_for,
    reference_part_q,
    report_ids_matching,
    report_visible_queryset,
)
from .process import case_has_signed_formal_complaint, informal_resolution_refusal, latest_informal_resolution
from .resources import NOTICE_CATEGORIES, resources_for_party
from .respondents import (
    repeat_respondent_case_ids,
    repeat_respondent_cases_for,
    repeat_respondent_flags,
    respondent_match_q,
)
from .work import caseload, my_work

__all__ = [
    "Appearance",
    "CalendarEntry",
    "calendar_day_counts",
    "calendar_entries",
    "calendar_ics",
    "calendar_weeks",
    "caseload",
    "my_work",
    "intake_overdue_before",
    "intake_overdue_count",
    "triage_due_on",
    "triage_target_days",
    "case_ids_matching",
    "case_ids_q",
    "identity_hits",
    "identity_search_enabled",
    "people_search_for",
    "person_appearances_for",
    "reference_part_q",
    "report_ids_matching",
    "report_visible_queryset",
    "NOTICE_CATEGORIES",
    "add_business_days",
    "case_assignment_visibility_q",
    "case_role_action_refusal",
    "case_role_attested",
    "case_role_refusal",
    "case_role_user_ids",
    "case_has_signed_formal_complaint",
    "case_timeline",
    "case_user_may_edit",
    "case_visibility_q",
    "case_visible_queryset",
    "dashboard_counts",
    "deadline_digest_items",
    "informal_resolution_refusal",
    "intake_queue_count",
    "latest_informal_resolution",
    "overdue_cases",
    "overdue_q",
    "repeat_respondent_case_ids",
    "repeat_respondent_cases_for",
    "repeat_respondent_flags",
    "reporter_message_recipients",
    "resources_for_party",
    "respondent_match_q",
    "stage_due_on",
    "stage_target_days",
    "staff_with_group",
    "user_group_names",
    "user_is_brt_only",
    "user_is_coordinator",
    "user_is_intake_staff",
    "user_is_staff_member",
    "user_may_see_identities",
]
