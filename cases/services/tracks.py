"""The four process tracks: which one a case is on, and its steps.

Derived from the respondent's affiliation and the Title IX determination (Case.is_title_ix),
unless the track was set by hand with a reason (cases.services.parties). Policy seed 003,
section I: Title IX formal complaints are investigated, then heard (for students under the
Committee on Discipline's Title IX Sexual Harassment Hearing Procedures, for employees as
the policy sets for complaints against faculty, staff and postdoctoral scholars); other
complaints go to the COD's Sexual Misconduct Hearing Procedures (Non-Title IX) or its
general complaint process (students) or Policies and Procedures section 9.8 (employees).

The Title IX tracks' steps are the regulation's (TITLE_IX_STEPS); the others are
TrackStep rows the coordinator edits.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..models import Case, Party, ProcessTrack, TrackStep

TITLE_IX_TRACKS = (ProcessTrack.STUDENT_TITLE_IX, ProcessTrack.EMPLOYEE_TITLE_IX)

# The non-Title-IX track of the same kind of respondent (a dismissal continues there).
NON_TITLE_IX = {
    ProcessTrack.STUDENT_TITLE_IX: ProcessTrack.STUDENT,
    ProcessTrack.STUDENT: ProcessTrack.STUDENT,
    ProcessTrack.EMPLOYEE_TITLE_IX: ProcessTrack.EMPLOYEE,
    ProcessTrack.EMPLOYEE: ProcessTrack.EMPLOYEE,
}


@dataclass(frozen=True)
class Step:
    name: str
    basis: str
    description: str = ""


# 34 CFR 106.45 (2020 text): the steps of a Title IX formal complaint, in order.
TITLE_IX_STEPS: tuple[Step, ...] = (
    Step(_("Formal complaint filed or signed by the Title IX coordinator"), "106.30(a)"),
    Step(_("Written notice of allegations to both parties"), "106.45(b)(2)"),
    Step(_("Investigation: interviews and evidence, each with written notice"), "106.45(b)(5)(v)"),
    Step(_("Evidence sent to both parties and advisors: at least 10 days to respond"), "106.45(b)(5)(vi)"),
    Step(_("Investigation report sent at least 10 days before the hearing"), "106.45(b)(5)(vii)"),
    Step(_("Live hearing with cross-examination by advisors"), "106.45(b)(6)(i)"),
    Step(_("Written determination, released to both parties at once"), "106.45(b)(7)"),
    Step(_("Appeal by either party, decided by the appeal decision-maker"), "106.45(b)(8)"),
)


def track_for(*, respondent_affiliation: str, is_title_ix: bool) -> str:
    """The track of a respondent of this affiliation, Title IX or not."""
    if respondent_affiliation == "student":
        return ProcessTrack.STUDENT_TITLE_IX if is_title_ix else ProcessTrack.STUDENT
    if respondent_affiliation == "employee":
        return ProcessTrack.EMPLOYEE_TITLE_IX if is_title_ix else ProcessTrack.EMPLOYEE
    return ProcessTrack.UNDETERMINED


def track_derived(case: Case) -> str:
    """The case's track from its respondents (a student respondent first) and is_title_ix."""
    affiliations = set(
        Party.objects.filter(case=case, role=Party.Role.RESPONDENT).values_list("affiliation", flat=True)
    )
    for affiliation in ("student", "employee"):
        if affiliation in affiliations:
            return track_for(respondent_affiliation=affiliation, is_title_ix=case.is_title_ix)
    return ProcessTrack.UNDETERMINED


def track_is_title_ix(track: str) -> bool:
    return track in TITLE_IX_TRACKS


def track_non_title_ix(track: str) -> str:
    """The non-Title-IX track for the same respondent ("" when the track is undetermined)."""
    return NON_TITLE_IX.get(track, "")


def track_respondent_kind(track: str) -> str:
    """"student", "employee" or "" for the track."""
    if track in (ProcessTrack.STUDENT_TITLE_IX, ProcessTrack.STUDENT):
        return "student"
    if track in (ProcessTrack.EMPLOYEE_TITLE_IX, ProcessTrack.EMPLOYEE):
        return "employee"
    return ""


def track_steps(track: str) -> list[Step]:
    """The steps of a track: the regulation's for Title IX, the coordinator's rows otherwise."""
    if track_is_title_ix(track):
        return list(TITLE_IX_STEPS)
    return [
        Step(name=row.name, basis=row.source, description=row.description)
        for row in TrackStep.objects.filter(track=track, active=True).order_by("order", "pk")
    ]
