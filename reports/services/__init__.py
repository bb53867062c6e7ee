"""Every rule of intake: submissions, receipt codes, messages, attachments.

Views turn forms into the value objects (values.py) and call one function here.
Nothing in this package reads a user agent or the session, or stores a client
address: an anonymous report is written with no link to whoever sent it. (The
follow-up sign-in's per-client limit takes the address, as an in-memory keyed hash
that lives a few minutes: receipt_codes.py.)

- receipt_codes.py: making, hashing and checking receipt codes (with attempt limits)
- attachments.py: staging uploads and storing them with a report
- submission.py: what every report shares, and the incident report
- complaint.py: the signed formal complaint and its snapshot
- referral.py: a responsible employee's referral
- follow_up.py: messages after submission, and the status the reporter sees
- notify.py: the outbox rows a report causes
"""

from .attachments import (
    attachment_read,
    attachment_stage,
    attachment_store,
    staged_files_discard,
    staging_purge,
    staging_store,
)
from .complaint import complaint_snapshot, formal_complaint_submit, signature_matches
from .follow_up import report_status_set, reporter_message_add, staff_message_add
from .message_body import MESSAGE_MAX_LENGTH
from .receipt_codes import (
    CROCKFORD,
    RECEIPT_CODE_GROUP,
    RECEIPT_CODE_LENGTH,
    FollowUpRateLimited,
    FollowUpUnavailable,
    receipt_code_hash,
    receipt_code_new,
    receipt_code_normalise,
    receipt_code_verify,
)
from .referral import referral_submit, user_is_responsible_employee
from .submission import REFERENCE_LENGTH, ReportAlreadySubmitted, incident_report_submit
from .values import Contact, IncidentDetails, Party, StagedFile, staged_file_to_dict

__all__ = [
    "CROCKFORD",
    "MESSAGE_MAX_LENGTH",
    "RECEIPT_CODE_GROUP",
    "RECEIPT_CODE_LENGTH",
    "REFERENCE_LENGTH",
    "Contact",
    "FollowUpRateLimited",
    "FollowUpUnavailable",
    "IncidentDetails",
    "Party",
    "ReportAlreadySubmitted",
    "StagedFile",
    "attachment_read",
    "attachment_stage",
    "attachment_store",
    "complaint_snapshot",
    "formal_complaint_submit",
    "incident_report_submit",
    "receipt_code_hash",
    "receipt_code_new",
    "receipt_code_normalise",
    "receipt_code_verify",
    "referral_submit",
    "report_status_set",
    "reporter_message_add",
    "signature_matches",
    "staff_message_add",
    "staged_file_to_dict",
    "staged_files_discard",
    "staging_purge",
    "staging_store",
    "user_is_responsible_employee",
]
