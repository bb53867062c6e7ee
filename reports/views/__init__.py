"""Public intake pages: three multi-step forms, the receipt, and the follow-up.

The step engine is reports.intake; these views name each flow's steps and its
service call. They never read REMOTE_ADDR or HTTP_USER_AGENT, never log the
request, and every response carries Cache-Control: no-store (never_cache).
"""

from .follow_up import FOLLOW_UP_KEY, STATUS_TEXT, follow_up, follow_up_message, follow_up_sign_out
from .intake import FormalComplaintView, IncidentReportView, receipt
from .referral import ReferralSignInView, ReferralView, referral_not_allowed

__all__ = [
    "FOLLOW_UP_KEY",
    "STATUS_TEXT",
    "FormalComplaintView",
    "IncidentReportView",
    "ReferralSignInView",
    "ReferralView",
    "follow_up",
    "follow_up_message",
    "follow_up_sign_out",
    "receipt",
    "referral_not_allowed",
]
