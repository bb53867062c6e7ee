"""When the determination becomes final (34 CFR 106.45(b)(7)(iii)), the case stops showing an
open appeal window: the appeal clocks close, the stage's due date is cleared (it leaves
"My work" and the overdue lists), and the timeline says so. Called when the last appeal
decision is given to the parties, and daily (cases.tasks.determinations_finalise) for the
windows that ended without an appeal. Closing the case stays the office's step (it asks for
the reason and the records of 106.45(b)(10)).
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Case, CaseDeadline, Determination, TimelineEvent
from ..selectors.appeals import case_is_final, determination_finality
from ..workflow import S
from .audit import timeline_event
from .deadlines import deadline_close

_APPEAL_CLOCKS = (CaseDeadline.Kind.APPEAL_FILING, CaseDeadline.Kind.APPEAL_STATEMENT)


def determination_finalise(*, case: Case, actor=None, today: datetime.date | None = None) -> bool:
    """If the case's determination is final today: close its appeal clocks and clear the stage's
    due date (once). Returns whether anything changed."""
    today = today or timezone.localdate()
    case.refresh_from_db(fields=["status", "due_on"])
    if not case_is_final(case, today):
        return False
    clocks = list(CaseDeadline.objects.filter(case=case, kind__in=_APPEAL_CLOCKS, state=CaseDeadline.State.OPEN))
    if case.due_on is None and not clocks:
        return False
    for clock in clocks:
        deadline_close(deadline=clock, state=CaseDeadline.State.MET, actor=actor)
    Case.objects.filter(pk=case.pk).update(due_on=None)
    case.due_on = None
    finality = determination_finality(determination=Determination.objects.get(case=case), today=today)
    timeline_event(
        case,
        TimelineEvent.Kind.DETERMINATION,
        _("Determination final on %(date)s (34 CFR 106.45(b)(7)(iii)): %(why)s")
        % {"date": finality.final_on.isoformat(), "why": finality.because},
        actor,
    )
    return True


def determinations_finalise_due(*, today: datetime.date | None = None) -> int:
    """The daily sweep: every case at the appeal stage whose determination became final. Returns how many."""
    today = today or timezone.localdate()
    done = 0
    cases = Case.objects.filter(status=S.APPEAL_WINDOW, determination__appeal_deadline__lt=today)
    for case in cases.order_by("pk"):
        done += determination_finalise(case=case, today=today)
    return done
