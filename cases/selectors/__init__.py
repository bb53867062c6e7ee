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
    investigation_step_refusal,
)
from .calendar import (
    CalendarEntry,
    calendar_day_counts,
    calendar_entries,
    calendar_ics,
    calendar_weeks,
)
from .dashboard import (
    case_timeline,
    dashboard_counts,
    intake_queue_count,
)
from .deadlines import (
    add_business_days,
    deadline_digest_items,
    overdue_cases,
    overdue_q,
    stage_due_on,
    stage_target_days,
)
from .hearing import (
    DEADLINE_SOON_DAYS,
    case_open_deadlines,
    case_parties_and_advisors,
    case_principal_parties,
    deadline_alert_q,
    deadline_alerts,
    evidence_review_deadlines,
    hearing_date_refusal,
    hearing_record_refusal,
    hearing_start_refusal,
    latest_evidence_review,
    latest_sent_report,
    parties_without_advisor,
    report_finalise_refusal,
)
from .intake import (
    intake_overdue_before,
    intake_overdue_count,
    triage_due_on,
    triage_target_days,
)
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
from .process import (
    case_has_signed_formal_complaint,
    informal_resolution_refusal,
    latest_informal_resolution,
)
from .resources import (
    NOTICE_CATEGORIES,
    resources_for_party,
)
from .respondents import (
    repeat_respondent_case_ids,
    repeat_respondent_cases_for,
    repeat_respondent_flags,
    respondent_match_q,
)
from .work import (
    caseload,
    my_work,
)

__all__ = [
    "Appearance",
    "CalendarEntry",
    "DEADLINE_SOON_DAYS",
    "NOTICE_CATEGORIES",
    "add_business_days",
    "calendar_day_counts",
    "calendar_entries",
    "calendar_ics",
    "calendar_weeks",
    "case_assignment_visibility_q",
    "case_has_signed_formal_complaint",
    "case_ids_matching",
    "case_ids_q",
    "case_open_deadlines",
    "case_parties_and_advisors",
    "case_principal_parties",
    "case_role_action_refusal",
    "investigation_step_refusal",
    "case_role_attested",
    "case_role_refusal",
    "case_role_user_ids",
    "case_timeline",
    "case_user_may_edit",
    "case_visibility_q",
    "case_visible_queryset",
    "caseload",
    "dashboard_counts",
    "deadline_alert_q",
    "deadline_alerts",
    "deadline_digest_items",
    "evidence_review_deadlines",
    "hearing_date_refusal",
    "hearing_record_refusal",
    "hearing_start_refusal",
    "identity_hits",
    "identity_search_enabled",
    "informal_resolution_refusal",
    "intake_overdue_before",
    "intake_overdue_count",
    "intake_queue_count",
    "latest_evidence_review",
    "latest_informal_resolution",
    "latest_sent_report",
    "my_work",
    "overdue_cases",
    "overdue_q",
    "parties_without_advisor",
    "people_search_for",
    "person_appearances_for",
    "reference_part_q",
    "repeat_respondent_case_ids",
    "repeat_respondent_cases_for",
    "repeat_respondent_flags",
    "report_finalise_refusal",
    "report_ids_matching",
    "report_visible_queryset",
    "reporter_message_recipients",
    "resources_for_party",
    "respondent_match_q",
    "staff_with_group",
    "stage_due_on",
    "stage_target_days",
    "triage_due_on",
    "triage_target_days",
    "user_group_names",
    "user_is_brt_only",
    "user_is_coordinator",
    "user_is_intake_staff",
    "user_is_staff_member",
    "user_may_see_identities",
]
from .history import Change as Change, HistoryRow as HistoryRow, case_history as case_history  # noqa: E402, I001  (issue 18)
from .access_log import (  # noqa: E402, I001  (issue 18)
    AccessGroup as AccessGroup,
    access_log_grouped as access_log_grouped,
    access_log_refused as access_log_refused,
)
