"""The intake step engine: the steps of each flow, the draft kept between them,
the engine that walks them (flow.py), and the review summary of the last step."""

from .drafts import (
    Draft,
    draft_discard,
    draft_load,
    draft_save,
    expired_sessions_purge,
    receipt_pop,
    session_finish,
)
from .flow import IntakeFlow, error_summary
from .review import form_rows, review_summary
from .steps import (
    ACCESS_TEXT,
    COMPLAINT_STEPS,
    INCIDENT_STEPS,
    PEOPLE_PREFIXES,
    REFERRAL_STEPS,
    Step,
    people_data,
)

__all__ = [
    "ACCESS_TEXT",
    "COMPLAINT_STEPS",
    "INCIDENT_STEPS",
    "PEOPLE_PREFIXES",
    "REFERRAL_STEPS",
    "Draft",
    "IntakeFlow",
    "Step",
    "draft_discard",
    "draft_load",
    "draft_save",
    "error_summary",
    "expired_sessions_purge",
    "form_rows",
    "people_data",
    "receipt_pop",
    "review_summary",
    "session_finish",
]
