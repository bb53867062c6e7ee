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
from .letters import Letter, LetterKind, LetterTemplate
from .measures import SupportiveMeasure
from .outcomes import Appeal, AppealBasis, AppealStatement, Determination, Dismissal, Finding, Sanction, SanctionOption
from .parties import Party
from .process import Allegation, CaseDeadline, DeadlineExtension, DeadlineKind
from .tracks import TrackStep

__all__ = [
    "AccessLog",
    "Affiliation",
    "Allegation",
    "Appeal",
    "AssigneeObjection",
    "Case",
    "CaseAssignment",
    "CaseDeadline",
    "CaseDocument",
    "CaseHistoryEvent",
    "CaseNote",
    "CaseReport",
    "CaseRole",
    "ConflictAttestation",
    "ConsentRecord",
    "DeadlineExtension",
    "DeadlineKind",
    "Determination",
    "Evidence",
    "InformalResolution",
    "Interview",
    "Investigation",
    "Letter",
    "LetterKind",
    "LetterTemplate",
    "Party",
    "ProcessTrack",
    "PurgeLog",
    "ReportHistoryProxy",
    "ReportPartyHistoryProxy",
    "Sanction",
    "SupportiveMeasure",
    "TimelineEvent",
    "TransitionLog",
    "AppealBasis",
    "AppealStatement",
    "Dismissal",
    "Finding",
    "SanctionOption",
    "TrackStep",
]
