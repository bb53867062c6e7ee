"""The case workflow as data, defined once: statuses, the transition table, the
pathway each status puts a case on, the closed statuses and the guards.

`cases.models.Case` takes its `Status`/`Pathway` choices and `CLOSED_STATUSES`
from here; `cases.services.workflow.case_transition` is the one service that
moves a case and checks this table and these guards. This module imports no
models at import time (the models import it): each guard reads what it needs
through `cases.selectors`, imported when the guard runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from .models import Case


class Status(models.TextChoices):
    NEW = "new", gettext_lazy("New")
    OUTREACH = "outreach", gettext_lazy("Outreach")
    ASSESSMENT = "assessment", gettext_lazy("Assessment")
    CLOSED_NO_ACTION = "closed_no_action", gettext_lazy("Closed with no action")
    CLOSED_INFORMATION = "closed_information", gettext_lazy("Closed with information only")
    SUPPORTIVE_MEASURES = "supportive_measures", gettext_lazy("Supportive measures only")
    INFORMAL_RESOLUTION = "informal_resolution", gettext_lazy("Informal resolution")
    INVESTIGATION = "investigation", gettext_lazy("Formal investigation")
    DETERMINATION = "determination", gettext_lazy("Determination")
    APPEAL_WINDOW = "appeal_window", gettext_lazy("Appeal window")
    CLOSED = "closed", gettext_lazy("Closed")


class Pathway(models.TextChoices):
    UNDECIDED = "undecided", gettext_lazy("Not yet decided")
    NO_ACTION = "no_action", gettext_lazy("No action")
    INFORMATION_ONLY = "information_only", gettext_lazy("Information only")
    SUPPORTIVE_MEASURES = "supportive_measures", gettext_lazy("Supportive measures")
    INFORMAL_RESOLUTION = "informal_resolution", gettext_lazy("Informal resolution")
    FORMAL_INVESTIGATION = "formal_investigation", gettext_lazy("Formal investigation")


S = Status

# A closed case is out of every open-case list, deadline and digest; it may be reopened.
# (A tuple in this order: the partial index `case_open_due` names them so in its migration.)
CLOSED_STATUSES: tuple[str, ...] = (S.CLOSED, S.CLOSED_NO_ACTION, S.CLOSED_INFORMATION)

TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.NEW: (S.OUTREACH, S.ASSESSMENT),
    S.OUTREACH: (S.ASSESSMENT,),
    S.ASSESSMENT: (
        S.CLOSED_NO_ACTION,
        S.CLOSED_INFORMATION,
        S.SUPPORTIVE_MEASURES,
        S.INFORMAL_RESOLUTION,
        S.INVESTIGATION,
    ),
    S.SUPPORTIVE_MEASURES: (S.INFORMAL_RESOLUTION, S.INVESTIGATION, S.CLOSED),
    S.INFORMAL_RESOLUTION: (S.INVESTIGATION, S.CLOSED),
    # Informal resolution may start during the investigation (106.45(b)(9): any time before a
    # determination); a withdrawal before the agreement is signed returns the case there.
    S.INVESTIGATION: (S.DETERMINATION, S.INFORMAL_RESOLUTION),
    S.DETERMINATION: (S.APPEAL_WINDOW,),
    S.APPEAL_WINDOW: (S.CLOSED, S.INVESTIGATION),  # to the hearing stage: a remand (guard_remanded)
    # Reopening: back to assessment, always with a reason.
    S.CLOSED_NO_ACTION: (S.ASSESSMENT,),
    S.CLOSED_INFORMATION: (S.ASSESSMENT,),
    S.CLOSED: (S.ASSESSMENT,),
}

# The pathway a status puts the case on (closing keeps the pathway it had).
STATUS_PATHWAY: dict[str, str] = {
    S.NEW: Pathway.UNDECIDED,
    S.OUTREACH: Pathway.UNDECIDED,
    S.ASSESSMENT: Pathway.UNDECIDED,
    S.CLOSED_NO_ACTION: Pathway.NO_ACTION,
    S.CLOSED_INFORMATION: Pathway.INFORMATION_ONLY,
    S.SUPPORTIVE_MEASURES: Pathway.SUPPORTIVE_MEASURES,
    S.INFORMAL_RESOLUTION: Pathway.INFORMAL_RESOLUTION,
    S.INVESTIGATION: Pathway.FORMAL_INVESTIGATION,
    S.DETERMINATION: Pathway.FORMAL_INVESTIGATION,
    S.APPEAL_WINDOW: Pathway.FORMAL_INVESTIGATION,
}


# --- Guards: each returns why the move is refused now, or None -----------------------------


def guard_formal_complaint(case: Case) -> str | None:
    from . import selectors

    if not selectors.case_has_signed_formal_complaint(case):
        return _(
            "A formal investigation needs a signed formal complaint: link the complainant's formal "
            "complaint to this case, or have the Title IX coordinator sign one (recorded as such)."
        )
    return None


def guard_informal_after_failure(case: Case) -> str | None:
    from . import selectors
    from .models import InformalResolution

    if case.status != S.INFORMAL_RESOLUTION:
        return None
    informal = selectors.latest_informal_resolution(case)
    if informal is None or informal.outcome not in (
        InformalResolution.Outcome.FAILED,
        InformalResolution.Outcome.WITHDRAWN,
    ):
        return _("Only a failed or withdrawn informal resolution can move to a formal investigation.")
    return None


def guard_informal(case: Case) -> str | None:
    from . import selectors

    return selectors.informal_resolution_refusal(case)


def guard_title_ix_informal_complaint(case: Case) -> str | None:
    """106.45(b)(9): on the Title IX track, informal resolution only once a formal complaint is filed."""
    from . import selectors

    if case.is_title_ix and not selectors.case_has_signed_formal_complaint(case):
        return _(
            "On the Title IX track an informal resolution needs a formal complaint filed first "
            "(34 CFR 106.45(b)(9)): link the complainant's signed formal complaint, or have the "
            "Title IX coordinator sign one."
        )
    return None


def guard_investigator_report(case: Case) -> str | None:
    from .models import CaseDocument

    if not CaseDocument.objects.filter(case=case, kind=CaseDocument.Kind.INVESTIGATOR_REPORT).exists():
        return _("A determination needs the investigator's report: upload it as a document of that kind.")
    return None


def guard_determination_recorded(case: Case) -> str | None:
    from .models import Determination

    if not Determination.objects.filter(case=case).exists():
        return _("Record the determination (outcome, standard of evidence) before opening the appeal window.")
    return None


def guard_measures_recorded(case: Case) -> str | None:
    from .models import SupportiveMeasure

    if not SupportiveMeasure.objects.filter(case=case).exists():
        return _("Record at least one supportive measure before choosing the supportive-measures pathway.")
    return None


def guard_close(case: Case) -> str | None:
    from django.utils import timezone

    from . import selectors
    from .models import Appeal, Determination, InformalResolution

    if case.status == S.INFORMAL_RESOLUTION:
        informal = selectors.latest_informal_resolution(case)
        if informal is None or informal.outcome == InformalResolution.Outcome.PENDING:
            return _("Record the outcome of the informal resolution before closing the case.")
    if case.status == S.APPEAL_WINDOW:
        if Appeal.objects.filter(case=case, decision=Appeal.Decision.PENDING).exists():
            return _("An appeal is pending: record its decision before closing the case.")
        determination = Determination.objects.filter(case=case).first()
        if (
            determination
            and determination.appeal_deadline >= timezone.localdate()
            and not Appeal.objects.filter(case=case).exists()
        ):
            return _("The appeal window is open until %(date)s.") % {"date": determination.appeal_deadline}
    return None


def guard_hearing_record(case: Case) -> str | None:
    """Title IX track (34 CFR 106.45(b)(6)(i)): the live hearing held, its recording or transcript kept."""
    from . import selectors

    return selectors.hearing_record_refusal(case)


def guard_remanded(case: Case) -> str | None:
    """From the appeal stage back to the hearing stage only on a remand given to both parties."""
    from .selectors.appeals import remand_refusal

    return remand_refusal(case)


# The guards of each target status, checked in order.
GUARDS: dict[str, tuple[Callable[[Case], str | None], ...]] = {
    S.INVESTIGATION: (guard_formal_complaint, guard_informal_after_failure, guard_remanded),
    S.INFORMAL_RESOLUTION: (guard_title_ix_informal_complaint, guard_informal),
    S.DETERMINATION: (guard_investigator_report, guard_hearing_record),
    S.APPEAL_WINDOW: (guard_determination_recorded,),
    S.SUPPORTIVE_MEASURES: (guard_measures_recorded,),
    S.CLOSED: (guard_close,),
}


def guard_refusal(case: Case, to: str) -> str | None:
    """The first guard of `to` that refuses the move now (None when all allow it)."""
    for guard in GUARDS.get(to, ()):
        message = guard(case)
        if message:
            return message
    return None
