"""The staff workplace: triage, the case page with its workflow, and the audit trail.

Access is enforced per object here and in cases.selectors, in every view: list
querysets are filtered to the cases a person may see, a case they may not see
answers 404 (change, history, documents, transitions, messages, notices), actions
and exports only ever receive visible rows, and the Bias Response Team reads
shared cases without identities, narratives, notes or documents.

    case.py        CaseAdmin: the case list and form, saves through services
    case_views.py  the case page's context and its own views (documents, notices, history, exports)
    case_actions.py  the case page's action forms (move, message, determination...): refused, shown again
    children.py    the case page's inlines and the child records' admins
    intake.py      reports: the intake queue and triage
    audit.py       access log, purges, history (read-only, coordinator)
    filters.py, forms.py, mixins.py

The site itself (the dashboard on the index) is cases/admin_site.py.
"""

from .audit import AccessLogAdmin, HistoryAdmin, PurgeLogAdmin, ReadOnlyAuditAdmin
from .case import CaseAdmin, CaseChangeList
from .children import (
    AppealInline,
    CaseDocumentInline,
    CaseNoteInline,
    DeterminationAdmin,
    InformalResolutionAdmin,
    InvestigationAdmin,
    PartyAdmin,
    PartyInline,
    SupportiveMeasureAdmin,
    SupportiveMeasureInline,
)
from .forms import (
    AddToCaseForm,
    CaseForm,
    DeterminationForm,
    DocumentForm,
    InformalStartForm,
    ReporterMessageForm,
    TransitionForm,
)
from .intake import ReportAdmin, ReportChangeList
from .letters import LetterAdmin, LetterTemplateAdmin
from .meetings import MeetingAdmin
from .mixins import AuditedAdminMixin, CaseChildAdmin, ServiceRefused
from .outcomes import AppealBasisAdmin, DismissalAdmin, OutcomesMixin, SanctionOptionAdmin, TrackStepAdmin
from .portal_downloads import PortalDownloadAdmin

__all__ = [
    "PortalDownloadAdmin",
    "AccessLogAdmin",
    "AddToCaseForm",
    "AppealInline",
    "AuditedAdminMixin",
    "CaseAdmin",
    "CaseChangeList",
    "CaseChildAdmin",
    "CaseDocumentInline",
    "CaseForm",
    "CaseNoteInline",
    "DeterminationAdmin",
    "DeterminationForm",
    "DocumentForm",
    "HistoryAdmin",
    "InformalResolutionAdmin",
    "InformalStartForm",
    "InvestigationAdmin",
    "LetterAdmin",
    "LetterTemplateAdmin",
    "MeetingAdmin",
    "PartyAdmin",
    "PartyInline",
    "PurgeLogAdmin",
    "ReadOnlyAuditAdmin",
    "ReportAdmin",
    "ReportChangeList",
    "ReporterMessageForm",
    "ServiceRefused",
    "SupportiveMeasureAdmin",
    "SupportiveMeasureInline",
    "TransitionForm",
    "AppealBasisAdmin",
    "DismissalAdmin",
    "OutcomesMixin",
    "SanctionOptionAdmin",
    "TrackStepAdmin",
]

from .people import PersonAdmin  # noqa: E402

__all__ += ["PersonAdmin"]

from .work import StaffWorkAdmin, assign_case_manager  # noqa: E402

__all__ += ["StaffWorkAdmin", "assign_case_manager"]

from .classification import CleryClassificationAdmin  # noqa: E402

__all__ += ["CleryClassificationAdmin"]
