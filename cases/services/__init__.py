"""Every rule of the office's case process, one module per part of it.

Writes are keyword-only `<entity>_<action>` functions running inside
`transaction.atomic()` under a pghistory context naming the acting user (audit.py),
so the history tables record who made each change. The workflow's table, guards and
closed statuses are data in `cases.workflow`; reads live in `cases.selectors`.
Everything is re-exported here: `from cases import services; services.x` and
`from cases.services import x` keep working.
"""

from ..selectors import (
    case_has_signed_formal_complaint,
    deadline_digest_items,
    informal_resolution_refusal,
    reporter_message_recipients,
)
from ..workflow import GUARDS, STATUS_PATHWAY, TRANSITIONS
from .assignments import (
    DEFAULT_ATTESTATION,
    assignee_objection_file,
    assignee_objection_resolve,
    case_role_assign,
    case_role_ensure_may_act,
    case_role_unassign,
    conflict_attestation_record,
)
from .audit import access_log_record
from .calendar import calendar_feed_create, calendar_feed_revoke, calendar_feed_token_hash
from .caseload import cases_bulk_assign
from .deadlines import deadline_digest_send
from .documents import (
    ALLOWED_DOCUMENT_TYPES,
    MAX_DOCUMENT_BYTES,
    case_document_add,
    case_document_read,
    case_note_add,
    case_reporter_message_send,
    document_store,
)
from .informal import consent_record_save, informal_resolution_save
from .investigation import evidence_save, interview_save, investigation_save
from .measures import (
    supportive_measure_notice_generate,
    supportive_measure_notice_render,
    supportive_measure_save,
)
from .outcomes import appeal_decide, appeal_file, appeal_save, determination_record, sanction_add
from .parties import (
    case_process_track_derive,
    case_process_track_override,
    party_save,
    repeat_respondent_check,
    report_repeat_respondent_check,
)
from .party_changes import (
    party_add_or_match,
    party_match_in_case,
    party_merge,
    party_remove,
    triage_person_matches,
)
from .people import (
    identity_digests,
    identity_tokens_rebuild,
    identity_tokens_sync_impacted,
    identity_tokens_sync_party,
    identity_tokens_sync_report_party,
    identity_tokens_sync_reporter,
    person_page_access_log,
)
from .triage import case_create, case_legal_hold_set, case_open_from_report, case_report_add, case_update
from .workflow import (
    TransitionOption,
    TransitionRefused,
    case_formal_complaint_sign,
    case_transition,
    case_transition_options,
    case_transition_refusal,
    case_transition_targets,
)

__all__ = [
    "ALLOWED_DOCUMENT_TYPES",
    "DEFAULT_ATTESTATION",
    "GUARDS",
    "MAX_DOCUMENT_BYTES",
    "STATUS_PATHWAY",
    "TRANSITIONS",
    "TransitionOption",
    "TransitionRefused",
    "access_log_record",
    "appeal_decide",
    "appeal_file",
    "appeal_save",
    "assignee_objection_file",
    "assignee_objection_resolve",
    "calendar_feed_create",
    "calendar_feed_revoke",
    "calendar_feed_token_hash",
    "case_create",
    "cases_bulk_assign",
    "case_document_add",
    "case_document_read",
    "case_formal_complaint_sign",
    "case_has_signed_formal_complaint",
    "case_legal_hold_set",
    "case_note_add",
    "case_open_from_report",
    "case_process_track_derive",
    "case_process_track_override",
    "case_report_add",
    "case_role_assign",
    "case_role_ensure_may_act",
    "case_role_unassign",
    "case_reporter_message_send",
    "case_transition",
    "case_transition_options",
    "case_transition_refusal",
    "case_transition_targets",
    "case_update",
    "conflict_attestation_record",
    "consent_record_save",
    "deadline_digest_items",
    "deadline_digest_send",
    "determination_record",
    "document_store",
    "evidence_save",
    "identity_digests",
    "identity_tokens_rebuild",
    "identity_tokens_sync_impacted",
    "identity_tokens_sync_party",
    "identity_tokens_sync_report_party",
    "identity_tokens_sync_reporter",
    "informal_resolution_refusal",
    "informal_resolution_save",
    "interview_save",
    "investigation_save",
    "party_add_or_match",
    "party_match_in_case",
    "party_merge",
    "party_remove",
    "party_save",
    "person_page_access_log",
    "repeat_respondent_check",
    "report_repeat_respondent_check",
    "reporter_message_recipients",
    "sanction_add",
    "supportive_measure_notice_generate",
    "supportive_measure_notice_render",
    "supportive_measure_save",
    "triage_person_matches",
]
