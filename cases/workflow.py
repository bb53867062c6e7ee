"""The case workflow as data, defined once: statuses, the transition table, the
pathway each status puts a case on, the closed statuses and the names of the guards.

`cases.models.Case` takes its `Status`/`Pathway` choices and `CLOSED_STATUSES`
from here; `cases.services.workflow.case_transition` is the one service that
moves a case and checks this table and the guards. Data only: this module imports
nothing of the project (the models import it); the guard functions, which read the
case, are in `cases.selectors.guards`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy


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
    # A dismissal of the formal complaint (106.45(b)(3)) that does not continue on the non-Title-IX
    # track closes the case from the formal process: investigation or determination -> closed,
    # allowed only by the "dismissed" guard (a dismissal recorded in this stage), so the case page
    # cannot close a formal investigation any other way. The dismissal is appealable
    # (106.45(b)(8)(i)): its appeal window is a deadline of its own (cases.services.appeal_window)
    # and its appeal is filed on the closed case; a dismissal overturned on appeal reopens the case
    # (closed -> assessment, with that reason). Going through S.APPEAL_WINDOW instead was weighed
    # and not chosen: that status is the determination's (its guards, finality and letters read
    # the determination), and a dismissal can come from stages that never reach it.
    S.INVESTIGATION: (S.DETERMINATION, S.INFORMAL_RESOLUTION, S.CLOSED),
    # Before the determination is released (after, it is appealed, not dismissed).
    S.DETERMINATION: (S.APPEAL_WINDOW, S.CLOSED),
    # A remand for a new hearing (106.45(b)(8)) takes the case back to the hearing stage, only
    # when the remand was given to both parties (the "remanded" guard).
    S.APPEAL_WINDOW: (S.CLOSED, S.INVESTIGATION),
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


# The guards of each target status, checked in order: names of the functions in
# cases.selectors.guards (GUARD_FUNCTIONS), which read the case and say why a move is refused.
GUARDS: dict[str, tuple[str, ...]] = {
    S.INVESTIGATION: ("formal_complaint", "informal_after_failure", "remanded"),
    S.INFORMAL_RESOLUTION: ("title_ix_informal_complaint", "informal"),
    S.DETERMINATION: ("investigator_report", "hearing_record"),
    S.APPEAL_WINDOW: ("determination_recorded",),
    S.SUPPORTIVE_MEASURES: ("measures_recorded",),
    S.CLOSED: ("close", "dismissed"),
}
