"""Every rule of the office's case process, one module per part of it.

Writes are keyword-only `<entity>_<action>` functions running inside
`transaction.atomic()` under a pghistory context naming the acting user (audit.py),
so the history tables record who made each change. The workflow's table, guards and
closed statuses are data in `cases.workflow` (the guards: `cases.selectors.guards`);
reads live in `cases.selectors`.
Everything is re-exported here: `from cases import services; services.x` and
`from cases.services import x` keep working.
"""

from ..selectors import (
    case_has_signed_formal_complaint,
    deadline_digest_items,
    informal_resolution_refusal,
    reporter_message_recipients,
)
from ..selectors.procedural_steps import (
    determination_procedural_steps,
)
from ..workflow import (
    GUARDS,
    STATUS_PATHWAY,
    TRANSITIONS,
)
from .allegations import (
    allegation_add,
)
from .appeals import (
    appeal_release,
    appeal_statement_add,
)
from .assignments import (
    DEFAULT_ATTESTATION,
    assignee_objection_file,
    assignee_objection_resolve,
    case_role_assign,
    case_role_ensure_may_act,
    case_role_unassign,
    conflict_attestation_record,
)
from .audit import (
    access_log_record,
    access_refused_record,
)
from .calendar import (
    calendar_feed_create,
    calendar_feed_revoke,
    calendar_feed_token_hash,
)
from .caseload import (
    cases_bulk_assign,
)
from .classification import (
    clery_classification_save,
)
from .deadlines import (
    deadline_close,
    deadline_digest_send,
    deadline_due_on,
    deadline_open,
)
from .disclosure import (
    disclosure_brt_share,
    disclosure_letters_delivered,
    disclosure_portal_download,
    disclosure_record,
)
from .dismissal import (
    dismissal_record,
)
from .documents import (
    ALLOWED_DOCUMENT_TYPES,
    MAX_DOCUMENT_BYTES,
    case_document_add,
    case_document_read,
    case_note_add,
    case_reporter_message_send,
    document_store,
)
from .evidence_review import (
    evidence_response_record,
    evidence_review_send,
    investigation_report_finalise,
    investigation_report_send,
)
from .extensions import (
    deadline_extend,
)
from .hearing import (
    advisor_record,
    hearing_cancel,
    hearing_mark_held,
    hearing_record_attach,
    hearing_schedule,
    relevance_ruling_record,
)
from .informal import (
    consent_record_save,
    consent_withdraw,
    informal_resolution_resume_status,
    informal_resolution_save,
)
from .investigation import (
    evidence_save,
    interview_save,
    investigation_save,
    parties_without_notice_of_allegations,
)
from .letters import (
    letter_context,
    letter_mark_sent,
    letter_pdf_filename,
    letter_prepare,
    letter_render,
    letter_template_current,
    letter_template_save,
)
from .measures import (
    supportive_measure_letter_prepare,
    supportive_measure_notice_generate,
    supportive_measure_notice_render,
    supportive_measure_save,
)
from .meetings import (
    meeting_notice_days_before,
    meeting_schedule,
)
from .outcomes import (
    Finality,
    appeal_decide,
    appeal_file,
    appeal_save,
    determination_finality,
    determination_record,
    determination_release,
    determination_release_refusal,
    finding_save,
    sanction_add,
    sanction_options_for,
)
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
from .portal import (
    PortalLinkRefused,
    letter_receipt_downloaded,
    letter_receipt_opened,
    letter_send_via_portal,
    party_portal_code_verify,
    party_portal_invite,
    party_portal_link_use,
)
from .portal_account import (
    PortalSignInLimited,
    portal_password_set,
    portal_password_sign_in,
    portal_session_generation,
    portal_sign_out_everywhere,
)
from .portal_messages import (
    portal_message_from_party,
    portal_message_from_staff,
    portal_messages_read,
)
from .portal_party import (
    letters_unopened_follow_up,
    portal_appeal_file,
    portal_appeal_statement_submit,
    portal_document_download,
    portal_evidence_response_submit,
    portal_principal,
)
from .tracks import (
    TITLE_IX_STEPS,
    track_derived,
    track_for,
    track_non_title_ix,
    track_steps,
)
from .triage import (
    case_create,
    case_legal_hold_set,
    case_open_from_report,
    case_report_add,
    case_update,
)
from .workflow import (
    REASON_STATUSES,
    TransitionOption,
    TransitionRefused,
    case_formal_complaint_sign,
    case_transition,
    case_transition_needs_no_measures_reason,
    case_transition_needs_reason,
    case_transition_needs_response_basis,
    case_transition_options,
    case_transition_refusal,
    case_transition_targets,
)

__all__ = [
    "ALLOWED_DOCUMENT_TYPES",
    "DEFAULT_ATTESTATION",
    "Finality",
    "GUARDS",
    "MAX_DOCUMENT_BYTES",
    "PortalLinkRefused",
    "PortalSignInLimited",
    "REASON_STATUSES",
    "STATUS_PATHWAY",
    "TITLE_IX_STEPS",
    "TRANSITIONS",
    "TransitionOption",
    "TransitionRefused",
    "access_log_record",
    "access_refused_record",
    "advisor_record",
    "allegation_add",
    "appeal_decide",
    "appeal_file",
    "appeal_release",
    "appeal_save",
    "appeal_statement_add",
    "assignee_objection_file",
    "assignee_objection_resolve",
    "calendar_feed_create",
    "calendar_feed_revoke",
    "calendar_feed_token_hash",
    "case_create",
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
    "case_reporter_message_send",
    "case_role_assign",
    "case_role_ensure_may_act",
    "case_role_unassign",
    "case_transition",
    "case_transition_needs_no_measures_reason",
    "case_transition_needs_reason",
    "case_transition_needs_response_basis",
    "case_transition_options",
    "case_transition_refusal",
    "case_transition_targets",
    "case_update",
    "cases_bulk_assign",
    "clery_classification_save",
    "conflict_attestation_record",
    "consent_record_save",
    "consent_withdraw",
    "deadline_close",
    "deadline_digest_items",
    "deadline_digest_send",
    "deadline_due_on",
    "deadline_extend",
    "deadline_open",
    "determination_finality",
    "determination_procedural_steps",
    "determination_record",
    "determination_release",
    "determination_release_refusal",
    "disclosure_brt_share",
    "disclosure_letters_delivered",
    "disclosure_portal_download",
    "disclosure_record",
    "dismissal_record",
    "document_store",
    "evidence_response_record",
    "evidence_review_send",
    "evidence_save",
    "finding_save",
    "hearing_cancel",
    "hearing_mark_held",
    "hearing_record_attach",
    "hearing_schedule",
    "identity_digests",
    "identity_tokens_rebuild",
    "identity_tokens_sync_impacted",
    "identity_tokens_sync_party",
    "identity_tokens_sync_report_party",
    "identity_tokens_sync_reporter",
    "informal_resolution_refusal",
    "informal_resolution_resume_status",
    "informal_resolution_save",
    "interview_save",
    "investigation_report_finalise",
    "investigation_report_send",
    "investigation_save",
    "letter_context",
    "letter_mark_sent",
    "letter_pdf_filename",
    "letter_prepare",
    "letter_receipt_downloaded",
    "letter_receipt_opened",
    "letter_render",
    "letter_send_via_portal",
    "letter_template_current",
    "letter_template_save",
    "letters_unopened_follow_up",
    "meeting_notice_days_before",
    "meeting_schedule",
    "parties_without_notice_of_allegations",
    "party_add_or_match",
    "party_match_in_case",
    "party_merge",
    "party_portal_code_verify",
    "party_portal_invite",
    "party_portal_link_use",
    "party_remove",
    "party_save",
    "person_page_access_log",
    "portal_appeal_file",
    "portal_appeal_statement_submit",
    "portal_document_download",
    "portal_evidence_response_submit",
    "portal_message_from_party",
    "portal_message_from_staff",
    "portal_messages_read",
    "portal_password_set",
    "portal_password_sign_in",
    "portal_principal",
    "portal_session_generation",
    "portal_sign_out_everywhere",
    "relevance_ruling_record",
    "repeat_respondent_check",
    "report_repeat_respondent_check",
    "reporter_message_recipients",
    "sanction_add",
    "sanction_options_for",
    "supportive_measure_letter_prepare",
    "supportive_measure_notice_generate",
    "supportive_measure_notice_render",
    "supportive_measure_save",
    "track_derived",
    "track_for",
    "track_non_title_ix",
    "track_steps",
    "triage_person_matches",
]
