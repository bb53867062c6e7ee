"""Case management for IDHR staff, one module per part of the process.

Models hold data, constraints and the indexes their queries use; the rules live in
cases.services, the workflow's data (statuses, transitions, guard names) in cases.workflow
and its guards in cases.selectors.guards. No model imports a service or a selector.
Everything is re-exported here, so `from cases.models import Case` keeps working.
"""

from .assignments import (
    AssigneeObjection,
    CaseAssignment,
    CaseRole,
    ConflictAttestation,
)
from .audit import (
    AccessLog,
    CaseHistoryEvent,
    PurgeLog,
    ReportHistoryProxy,
    ReportPartyHistoryProxy,
    TimelineEvent,
    TransitionLog,
)
from .audit_chain import (
    AuditSeal,
)
from .calendar import (
    CalendarFeed,
)
from .case import (
    Affiliation,
    Case,
    CaseReport,
    ProcessTrack,
)
from .case_file_export import (
    CaseFileExport,
)
from .classification import (
    CleryClassification,
    CleryGeography,
    CleryOffense,
    HateBias,
)
from .disclosure import (
    Disclosure,
)
from .documents import (
    CaseDocument,
    CaseNote,
)
from .hearing import (
    EvidenceResponse,
    EvidenceReview,
    Hearing,
    InvestigationReport,
    RelevanceRuling,
)
from .informal import (
    ConsentRecord,
    InformalResolution,
)
from .investigation import (
    Evidence,
    Interview,
    Investigation,
)
from .letters import (
    Letter,
    LetterKind,
    LetterTemplate,
)
from .measures import (
    SupportiveMeasure,
)
from .meetings import (
    Meeting,
)
from .once import (
    FormSubmission,
)
from .outcomes import (
    Appeal,
    AppealBasis,
    AppealStatement,
    Determination,
    Dismissal,
    Finding,
    Sanction,
    SanctionOption,
)
from .parties import (
    Party,
)
from .people import (
    IdentityToken,
    Person,
    StaffWork,
)
from .portal import (
    LetterReceipt,
    PartyInvitation,
)
from .portal_account import (
    PortalAccount,
    PortalMessage,
)
from .portal_downloads import (
    PortalDownload,
)
from .process import (
    Allegation,
    CaseDeadline,
    DeadlineExtension,
    DeadlineKind,
)
from .statistics import (
    StatisticsYear,
)
from .tracks import (
    TrackStep,
)

__all__ = [
    "FormSubmission",
    "AccessLog",
    "Affiliation",
    "Allegation",
    "Appeal",
    "AppealBasis",
    "AppealStatement",
    "AssigneeObjection",
    "AuditSeal",
    "CalendarFeed",
    "Case",
    "CaseAssignment",
    "CaseDeadline",
    "CaseDocument",
    "CaseFileExport",
    "CaseHistoryEvent",
    "CaseNote",
    "CaseReport",
    "CaseRole",
    "CleryClassification",
    "CleryGeography",
    "CleryOffense",
    "ConflictAttestation",
    "ConsentRecord",
    "DeadlineExtension",
    "DeadlineKind",
    "Determination",
    "Disclosure",
    "Dismissal",
    "Evidence",
    "EvidenceResponse",
    "EvidenceReview",
    "Finding",
    "HateBias",
    "Hearing",
    "IdentityToken",
    "InformalResolution",
    "Interview",
    "Investigation",
    "InvestigationReport",
    "Letter",
    "LetterKind",
    "LetterReceipt",
    "LetterTemplate",
    "Meeting",
    "Party",
    "PartyInvitation",
    "Person",
    "PortalAccount",
    "PortalDownload",
    "PortalMessage",
    "ProcessTrack",
    "PurgeLog",
    "RelevanceRuling",
    "StatisticsYear",
    "ReportHistoryProxy",
    "ReportPartyHistoryProxy",
    "Sanction",
    "SanctionOption",
    "StaffWork",
    "SupportiveMeasure",
    "TimelineEvent",
    "TrackStep",
    "TransitionLog",
]
