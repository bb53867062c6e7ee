"""The appeal window, opened in one place (34 CFR 106.45(b)(8)(i)).

Both parties may appeal a determination regarding responsibility and a dismissal of a
formal complaint (106.45(b)(8)(i)): the office applies the same window, counted in
business days (settings.CASE_STAGE_TARGET_BUSINESS_DAYS["appeal_window"]), to both, and
names the same paragraph as its legal basis. The determination's window is opened by
cases.services.outcomes.determination_release, the dismissal's by
cases.services.dismissal.dismissal_record.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from cases.selectors.deadlines import stage_target_days

from ..models import Case, CaseDeadline
from ..workflow import S
from .deadlines import deadline_open

# The legal basis of every appeal window, whatever is appealed.
APPEAL_BASIS = "34 CFR 106.45(b)(8)(i)"


def appeal_window_days() -> int:
    """Business days to appeal (settings.CASE_STAGE_TARGET_BUSINESS_DAYS["appeal_window"])."""
    return stage_target_days(S.APPEAL_WINDOW) or 5


def appeal_window_open(*, case: Case, of: str, regarding: str, starts_on: datetime.date, actor) -> CaseDeadline:
    """Open the appeal window of a released determination (`of="determination"`) or of a
    dismissal (`of="dismissal"`), from `starts_on` (call it inside the service that releases it)."""
    label, start_event = {
        "determination": (_("Appeal of the determination"), _("Determination released to both parties")),
        "dismissal": (_("Appeal of the dismissal"), _("Notice of dismissal")),
    }[of]
    return deadline_open(
        case=case,
        kind=CaseDeadline.Kind.APPEAL_FILING,
        label=label,
        basis=APPEAL_BASIS,
        start_event=start_event,
        starts_on=starts_on,
        length_days=appeal_window_days(),
        business_days=True,
        extendable=True,
        for_whom=_("Complainant or respondent"),
        regarding=regarding,
        actor=actor,
    )
