"""Case management for IDHR staff, one module per part of the process.

Models hold data, constraints and the indexes their queries use; the rules live in
cases.services and the workflow (statuses, transitions, guards) in cases.workflow.
Everything is re-exported here, so `from cases.models import Case` keeps working.
"""

from .assignments import AssigneeObjection, CaseAssignment, CaseRole, ConflictAttestation
from .audit import (
    AccessLog,
    CaseHistoryEvent,
    PurgeLog,
    ReportHistoryProxy,
    ReportPartyHistoryProxy,
    TimelineEvent,
    TransitionLog,
)
from .case import Affiliation, Case, CaseReport, ProcessTrack
from .documents import CaseDocument, CaseNote
from .informal import ConsentRecord, InformalResolution
from .investigation import Evidence, Interview, Investigation
from .measures import SupportiveMeasure
from .outcomes import Appeal, Determination, Sanction
from .parties import Party

__all__ = [
    "AccessLog",
    "Affiliation",
    "Appeal",
    "AssigneeObjection",
    "Case",
    "CaseAssignment",
    "CaseDocument",
    "CaseHistoryEvent",
    "CaseNote",
    "CaseReport",
    "CaseRole",
    "ConflictAttestation",
    "ConsentRecord",
    "Determination",
    "Evidence",
    "InformalResolution",
    "Interview",
    "Investigation",
    "Party",
    "ProcessTrack",
    "PurgeLog",
    "ReportHistoryProxy",
    "ReportPartyHistoryProxy",
    "Sanction",
    "SupportiveMeasure",
    "TimelineEvent",
    "TransitionLog",
]

from .people import IdentityToken, Person, StaffWork  # noqa: E402

__all__ += ["IdentityToken", "Person", "StaffWork"]

from .calendar import CalendarFeed  # noqa: E402

__all__ += ["CalendarFeed"]
