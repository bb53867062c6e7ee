"""Every rule of the office's case process: open this file to find one.

Writes are keyword-only `<entity>_<action>` functions running inside
`transaction.atomic()` under a pghistory context naming the acting user, so the
history tables record who made each change.
"""

from __future__ import annotations

import datetime
import functools
import logging
import secrets
from dataclasses import dataclass

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from idhr_portal.crypto import EncryptedFileStore, blind_index

from . import selectors
from .models import (
    AccessLog,
    Appeal,
    Case,
    CaseDocument,
    CaseNote,
    ConsentRecord,
    Determination,
    Evidence,
    InformalResolution,
    Interview,
    Investigation,
    Party,
    ProcessTrack,
    Sanction,
    SupportiveMeasure,
    TimelineEvent,
    TransitionLog,
)

logger = logging.getLogger(__name__)

S = Case.Status
document_store = EncryptedFileStore("cases")


class TransitionRefused(Exception):
    """A transition the table or a guard does not allow; the message says why."""


def _audited(func):
    """Run a service in one transaction under a pghistory context naming the actor."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        actor = kwargs.get("actor") or kwargs.get("author")
        context = {"user": actor.pk} if actor is not None and actor.pk else {}
        with pghistory.context(**context), transaction.atomic():
            return func(*args, **kwargs)

    return wrapper


def _event(case: Case, kind: str, summary: str, actor=None) -> TimelineEvent:
    return TimelineEvent.objects.create(case=case, kind=kind, summary=summary[:300], actor=actor)


# --- Workflow: one table, one service -------------------------------------------------

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
    S.INVESTIGATION: (S.DETERMINATION,),
    S.DETERMINATION: (S.APPEAL_WINDOW,),
    S.APPEAL_WINDOW: (S.CLOSED,),
    # Reopening: back to assessment, always with a reason.
    S.CLOSED_NO_ACTION: (S.ASSESSMENT,),
    S.CLOSED_INFORMATION: (S.ASSESSMENT,),
    S.CLOSED: (S.ASSESSMENT,),
}

# The pathway a status puts the case on (closing keeps the pathway it had).
STATUS_PATHWAY: dict[str, str] = {
    S.NEW: Case.Pathway.UNDECIDED,
    S.OUTREACH: Case.Pathway.UNDECIDED,
    S.ASSESSMENT: Case.Pathway.UNDECIDED,
    S.CLOSED_NO_ACTION: Case.Pathway.NO_ACTION,
    S.CLOSED_INFORMATION: Case.Pathway.INFORMATION_ONLY,
    S.SUPPORTIVE_MEASURES: Case.Pathway.SUPPORTIVE_MEASURES,
    S.INFORMAL_RESOLUTION: Case.Pathway.INFORMAL_RESOLUTION,
    S.INVESTIGATION: Case.Pathway.FORMAL_INVESTIGATION,
    S.DETERMINATION: Case.Pathway.FORMAL_INVESTIGATION,
    S.APPEAL_WINDOW: Case.Pathway.FORMAL_INVESTIGATION,
}


def _latest_informal_resolution(case: Case) -> InformalResolution | None:
    return InformalResolution.objects.filter(case=case).order_by("-created_at", "-pk").first()


def case_has_signed_formal_complaint(case: Case) -> bool:
    """A formal complaint signed by the complainant, or one signed by the coordinator."""
    if case.coordinator_signed_complaint_at:
        return True
    try:
        from reports.models import FormalComplaint
    except ImportError:
        return False
    return FormalComplaint.objects.filter(report__case_link__case=case).exists()


def _guard_formal_complaint(case: Case) -> str | None:
    if not case_has_signed_formal_complaint(case):
        return _(
            "A formal investigation needs a signed formal complaint: link the complainant's formal "
            "complaint to this case, or have the Title IX coordinator sign one (recorded as such)."
        )
    return None


def _guard_informal_after_failure(case: Case) -> str | None:
    if case.status != S.INFORMAL_RESOLUTION:
        return None
    informal = _latest_informal_resolution(case)
    if informal is None or informal.outcome not in (
        InformalResolution.Outcome.FAILED,
        InformalResolution.Outcome.WITHDRAWN,
    ):
        return _("Only a failed or withdrawn informal resolution can move to a formal investigation.")
    return None


def informal_resolution_refusal(case: Case) -> str | None:
    """Why this case may not go to informal resolution now (None when it may)."""
    parties = list(Party.objects.filter(case=case, role__in=[Party.Role.COMPLAINANT, Party.Role.RESPONDENT]))
    complainants = [p for p in parties if p.role == Party.Role.COMPLAINANT]
    respondents = [p for p in parties if p.role == Party.Role.RESPONDENT]
    if not complainants or not respondents:
        return _("Informal resolution needs a complainant and a respondent recorded on the case.")
    if (
        case.is_title_ix
        and any(p.affiliation == "student" for p in complainants)
        and any(p.affiliation == "employee" for p in respondents)
    ):
        return _(
            "Informal resolution is not available in a Title IX case where a student complainant "
            "alleges conduct by an employee."
        )
    informal = _latest_informal_resolution(case)
    if informal is None or informal.outcome != InformalResolution.Outcome.PENDING:
        return _("Record the informal resolution (its type) before moving the case to it.")
    consented = set(
        ConsentRecord.objects.filter(
            informal_resolution=informal, in_writing=True, voluntary=True, withdrawn_on__isnull=True
        ).values_list("party_id", flat=True)
    )
    missing = [p for p in complainants + respondents if p.pk not in consented]
    if missing:
        return _(
            "Informal resolution needs written, voluntary consent recorded for every complainant "
            "and respondent; missing: %(parties)s."
        ) % {"parties": ", ".join(str(p.get_role_display()).lower() for p in missing)}
    return None


def _guard_informal(case: Case) -> str | None:
    return informal_resolution_refusal(case)


def _guard_investigator_report(case: Case) -> str | None:
    if not CaseDocument.objects.filter(case=case, kind=CaseDocument.Kind.INVESTIGATOR_REPORT).exists():
        return _("A determination needs the investigator's report: upload it as a document of that kind.")
    return None


def _guard_determination_recorded(case: Case) -> str | None:
    if not Determination.objects.filter(case=case).exists():
        return _("Record the determination (outcome, standard of evidence) before opening the appeal window.")
    return None


def _guard_measures_recorded(case: Case) -> str | None:
    if not SupportiveMeasure.objects.filter(case=case).exists():
        return _("Record at least one supportive measure before choosing the supportive-measures pathway.")
    return None


def _guard_close(case: Case) -> str | None:
    if case.status == S.INFORMAL_RESOLUTION:
        informal = _latest_informal_resolution(case)
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


GUARDS = {
    S.INVESTIGATION: (_guard_formal_complaint, _guard_informal_after_failure),
    S.INFORMAL_RESOLUTION: (_guard_informal,),
    S.DETERMINATION: (_guard_investigator_report,),
    S.APPEAL_WINDOW: (_guard_determination_recorded,),
    S.SUPPORTIVE_MEASURES: (_guard_measures_recorded,),
    S.CLOSED: (_guard_close,),
}


def case_transition_targets(case: Case) -> tuple[str, ...]:
    """The statuses the table allows from the case's current status."""
    return TRANSITIONS.get(case.status, ())


def case_transition_refusal(*, case: Case, to: str, reason: str = "") -> str | None:
    """Why `to` is not possible now, or None. Table first, then the guards."""
    if to not in case_transition_targets(case):
        return _("A case cannot move from “%(from)s” to “%(to)s”.") % {
            "from": S(case.status).label,
            "to": S(to).label if to in S.values else to,
        }
    if case.status in Case.CLOSED_STATUSES and not reason.strip():
        return _("Reopening a closed case needs a reason.")
    for guard in GUARDS.get(to, ()):
        message = guard(case)
        if message:
            return message
    return None


@dataclass(frozen=True)
class TransitionOption:
    to: str
    label: str
    refusal: str | None
    reopen: bool


def case_transition_options(case: Case) -> list[TransitionOption]:
    """What the case page offers: only the table's transitions from here, each with its guard."""
    reopen = case.status in Case.CLOSED_STATUSES
    options = []
    for to in case_transition_targets(case):
        refusal = None
        for guard in GUARDS.get(to, ()):
            refusal = guard(case)
            if refusal:
                break
        options.append(TransitionOption(to=to, label=str(S(to).label), refusal=refusal, reopen=reopen))
    return options


def case_transition(*, case: Case, to: str, actor, reason: str = "") -> Case:
    """Move a case to `to`, or raise TransitionRefused saying why.

    Concurrency: the row is locked (SELECT ... FOR UPDATE) and the status the caller
    saw must still be the status in the database; of two simultaneous transitions
    one wins and the other is refused with a clear message.
    """
    seen_status = case.status
    with pghistory.context(user=actor.pk), transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.status != seen_status:
            raise TransitionRefused(
                _("Someone else changed this case meanwhile: it is now “%(status)s”. Reload and try again.")
                % {"status": S(locked.status).label}
            )
        if not selectors.case_user_may_edit(actor, locked):
            raise TransitionRefused(_("You may not change this case."))
        refusal = case_transition_refusal(case=locked, to=to, reason=reason)
        if refusal:
            raise TransitionRefused(refusal)
        now = timezone.now()
        from_status = locked.status
        locked.status = to
        if to in STATUS_PATHWAY:
            locked.pathway = STATUS_PATHWAY[to]
        locked.stage_entered_at = now
        locked.due_on = selectors.stage_due_on(to, timezone.localdate(now))
        locked.closed_at = now if to in Case.CLOSED_STATUSES else None
        locked.save(
            update_fields=["status", "pathway", "stage_entered_at", "due_on", "closed_at", "updated_at"]
        )
        TransitionLog.objects.create(
            case=locked, from_status=from_status, to_status=to, actor=actor, reason=reason
        )
        summary = _("%(from)s → %(to)s") % {"from": S(from_status).label, "to": S(to).label}
        if reason:
            summary = _("%(summary)s (reason recorded)") % {"summary": summary}
        _event(locked, TimelineEvent.Kind.TRANSITION, summary, actor)
        if to == S.INVESTIGATION:
            Investigation.objects.get_or_create(
                case=locked,
                defaults={"investigator": locked.investigator, "started_on": timezone.localdate(now)},
            )
        _reports_status_sync(locked)
    case.refresh_from_db()
    return case


def _reports_status_sync(case: Case) -> None:
    """Keep what the reporter sees in step: under review while open, closed when closed."""
    try:
        from reports.models import Report
        from reports.services import report_status_set
    except ImportError:
        return
    status = Report.Status.CLOSED if case.status in Case.CLOSED_STATUSES else Report.Status.UNDER_REVIEW
    for report in Report.objects.filter(case_link__case=case).exclude(status=status):
        report_status_set(report=report, status=status)


# --- Opening cases and triage ------------------------------------------------------


def _new_reference() -> str:
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    year = timezone.localdate().year
    for _attempt in range(10):
        reference = f"C-{year}-" + "".join(secrets.choice(alphabet) for _i in range(5))
        if not Case.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError("could not draw a free case reference")


@_audited
def case_create(*, actor, case_manager=None, categories=(), title_ix_category: bool = False) -> Case:
    """A new, empty case in status "new" (triage adds reports and parties)."""
    case = Case(
        reference=_new_reference(),
        case_manager=case_manager,
        categories=sorted(set(categories)),
        title_ix_category=title_ix_category,
        due_on=selectors.stage_due_on(S.NEW, timezone.localdate()),
    )
    case.save()
    _event(case, TimelineEvent.Kind.OPENED, _("Case opened"), actor)
    return case


def _ensure_may_triage(actor) -> None:
    if not selectors.user_is_intake_staff(actor):
        raise PermissionDenied(_("Only the Title IX coordinator and case managers triage reports."))


@_audited
def case_open_from_report(*, report, actor) -> Case:
    """Triage: open a new case holding this report, assigned to the case manager who opened it."""
    _ensure_may_triage(actor)
    from idhr_portal import roles

    manager = actor if roles.CASE_MANAGER in selectors.user_group_names(actor) else None
    case = case_create(actor=actor, case_manager=manager)
    case_report_add(case=case, report=report, actor=actor)
    return case


@_audited
def case_report_add(*, case: Case, report, actor) -> Case:
    """Triage: add a report to a case (a case holds several reports; a report one case)."""
    from reports.models import Report

    from .models import CaseReport

    _ensure_may_triage(actor)
    if not selectors.case_user_may_edit(actor, case):
        raise PermissionDenied(_("You may not change this case."))
    report = Report.objects.select_for_update().get(pk=report.pk)
    if CaseReport.objects.filter(report=report).exists():
        raise ValidationError(_("This report is already part of a case."))
    CaseReport.objects.create(case=case, report=report, linked_by=actor)
    case.categories = sorted(set(case.categories) | set(report.categories or []))
    if getattr(report, "is_title_ix", False):
        case.title_ix_category = True
    _title_ix_from_complaint(case, report)
    case.save()
    _event(
        case, TimelineEvent.Kind.REPORT_ADDED, _("Report %(ref)s added") % {"ref": report.reference}, actor
    )
    _parties_from_report(case=case, report=report, actor=actor)
    _reports_status_sync(case)
    return case


def _title_ix_from_complaint(case: Case, report) -> None:
    """A formal complaint answers the three jurisdiction questions: start from its answers."""
    complaint = getattr(report, "formal_complaint", None)
    if complaint is None:
        return
    answers = {"yes": True, "no": False}
    for source, target in (
        ("in_education_program", "ti_in_program_at_filing"),
        ("occurred_in_mit_program", "ti_in_institute_program"),
        ("occurred_in_us", "ti_in_united_states"),
    ):
        value = answers.get(getattr(complaint, source, ""))
        if value is not None and getattr(case, target) is None:
            setattr(case, target, value)


def _affiliation(value: str) -> str:
    value = "other" if value == "not_affiliated" else value
    return value if value in ("student", "employee", "other", "unknown") else "unknown"


def _complainant_from_report(report) -> dict | None:
    """The person harmed, when the report names them: the complainant of a formal complaint,
    a named reporter who was harmed, or the impacted person of a referral."""
    if report.kind == "referral":
        referral = getattr(report, "referral", None)
        if referral is None:
            return None
        name, email = referral.impacted_name or "", referral.impacted_email or ""
        affiliation = referral.impacted_affiliation
    elif not report.is_anonymous and (report.kind == "complaint" or report.relationship == "harmed"):
        name, email = report.reporter_name or "", report.reporter_email or ""
        affiliation = report.reporter_affiliation
    else:
        return None
    return {
        "role": Party.Role.COMPLAINANT,
        "affiliation": _affiliation(affiliation or ""),
        "name": name,
        "email": email,
    }


def _parties_from_report(*, case: Case, report, actor) -> None:
    """Copy the report's respondents and witnesses (and a named reporter) to the case."""
    role_map = {"respondent": Party.Role.RESPONDENT, "witness": Party.Role.WITNESS}
    complainant = _complainant_from_report(report)
    if complainant is not None:
        party_save(party=Party(case=case, **complainant), actor=actor)
    for report_party in report.parties.all():
        party = Party(
            case=case,
            role=role_map.get(report_party.role, Party.Role.OTHER),
            affiliation=_affiliation(report_party.affiliation),
            name=getattr(report_party, "name", "") or "",
            email=getattr(report_party, "email", "") or "",
        )
        party_save(party=party, actor=actor)


# --- Parties, process track, Title IX ---------------------------------------------------


@_audited
def party_save(*, party: Party, actor) -> Party:
    """Create or update a party: blind indexes, process track, repeat-respondent check."""
    if not selectors.case_user_may_edit(actor, party.case):
        raise PermissionDenied(_("You may not change this case."))
    created = party.pk is None
    old = (
        None
        if created
        else Party.objects.filter(pk=party.pk).values("name_index", "email_index", "role").first()
    )
    party.name_index = blind_index(party.name or "", kind="name")
    party.email_index = blind_index(party.email or "", kind="email")
    party.save()
    if created:
        _event(
            party.case,
            TimelineEvent.Kind.PARTY,
            _("%(role)s added (%(affiliation)s)")
            % {"role": party.get_role_display(), "affiliation": party.get_affiliation_display()},
            actor,
        )
    case_process_track_derive(case=party.case)
    if party.role == Party.Role.RESPONDENT and (
        old is None
        or (old["name_index"], old["email_index"], old["role"])
        != (party.name_index, party.email_index, party.role)
    ):
        repeat_respondent_check(case=party.case, party=party, actor=actor)
    return party


def repeat_respondent_check(*, case: Case, party: Party, actor=None) -> list[int]:
    """Flag a respondent whose blind index matches a respondent in another case.

    Writes a timeline event and tells the coordinator (reference and link only).
    """
    q = selectors.respondent_match_q(name_indexes=[party.name_index], email_indexes=[party.email_index])
    other_case_ids = list(
        Party.objects.filter(q).exclude(case=case).values_list("case_id", flat=True).distinct()
    )
    if not other_case_ids:
        return []
    _event(
        case,
        TimelineEvent.Kind.FLAG,
        _("A respondent also appears in %(n)d other case(s)") % {"n": len(other_case_ids)},
        actor,
    )
    from notifications.models import Notification
    from notifications.services import notification_event

    notification_event(
        event=Notification.Event.REPEAT_RESPONDENT,
        reference=case.reference,
        admin_path=reverse("admin:cases_case_change", args=[case.pk]),
        object_ref=f"cases.case:{case.pk}",
    )
    return other_case_ids


def report_repeat_respondent_check(*, report) -> list[int]:
    """Tell the coordinator when a new report names a respondent already in a case.

    Matches the report's respondent blind indexes against case respondents; no
    identity is decrypted. The report is not in a case yet, so the alert links to
    the report (the intake queue shows the same flag).
    """
    indexes = list(report.parties.filter(role="respondent").values_list("name_index", "email_index"))
    q = selectors.respondent_match_q(
        name_indexes=[name for name, _email in indexes], email_indexes=[email for _name, email in indexes]
    )
    case_ids = list(Party.objects.filter(q).values_list("case_id", flat=True).distinct())
    if not case_ids:
        return []
    from notifications.models import Notification
    from notifications.services import notification_event

    notification_event(
        event=Notification.Event.REPEAT_RESPONDENT,
        reference=report.reference,
        admin_path=reverse("admin:reports_report_change", args=[report.pk]),
        object_ref=f"reports.report:{report.pk}",
    )
    return case_ids


def _derived_track(case: Case) -> str:
    affiliations = set(
        Party.objects.filter(case=case, role=Party.Role.RESPONDENT).values_list("affiliation", flat=True)
    )
    if "student" in affiliations:
        return ProcessTrack.STUDENT
    if "employee" in affiliations:
        return ProcessTrack.EMPLOYEE
    return ProcessTrack.UNDETERMINED


def case_process_track_derive(*, case: Case) -> Case:
    """Student respondent: Committee on Discipline rules; employee: P&P 9.8 (unless overridden)."""
    if case.process_track_overridden:
        return case
    track = _derived_track(case)
    if track != case.process_track:
        case.process_track = track
        case.save(update_fields=["process_track", "updated_at"])
        _event(
            case,
            TimelineEvent.Kind.TRACK,
            _("Process track: %(track)s") % {"track": ProcessTrack(track).label},
        )
    return case


@_audited
def case_process_track_override(*, case: Case, track: str, actor, reason: str) -> Case:
    if not reason.strip():
        raise ValidationError(
            {"process_track_reason": _("Give the reason for setting the process track by hand.")}
        )
    if track not in ProcessTrack.values:
        raise ValidationError({"process_track": _("Choose a process track.")})
    case.process_track = track
    case.process_track_overridden = True
    case.process_track_reason = reason.strip()
    case.save(
        update_fields=["process_track", "process_track_overridden", "process_track_reason", "updated_at"]
    )
    _event(
        case,
        TimelineEvent.Kind.TRACK,
        _("Process track set by hand: %(track)s (reason recorded)") % {"track": ProcessTrack(track).label},
        actor,
    )
    return case


@_audited
def case_process_track_reset(*, case: Case, actor) -> Case:
    case.process_track_overridden = False
    case.process_track_reason = ""
    case.save(update_fields=["process_track_overridden", "process_track_reason", "updated_at"])
    return case_process_track_derive(case=case)


@_audited
def case_update(*, case: Case, actor, changed: list[str]) -> Case:
    """Save staff edits made on the case form (assignment, sharing, Title IX, track)."""
    if not selectors.case_user_may_edit(actor, case):
        raise PermissionDenied(_("You may not change this case."))
    old = Case.objects.get(pk=case.pk)
    if {"case_manager", "investigator", "shared_with_brt"} & set(
        changed
    ) and not selectors.user_is_coordinator(actor):
        # Assignment and sharing decide who sees a case: the coordinator's call.
        case.case_manager_id, case.investigator_id = old.case_manager_id, old.investigator_id
        case.shared_with_brt = old.shared_with_brt
        raise PermissionDenied(_("Only the Title IX coordinator assigns cases or shares them."))
    hold, hold_reason = case.legal_hold, case.legal_hold_reason
    case.legal_hold, case.legal_hold_reason = old.legal_hold, old.legal_hold_reason
    if (hold, hold_reason) != (old.legal_hold, old.legal_hold_reason):
        case_legal_hold_set(case=case, hold=hold, reason=hold_reason, actor=actor)
    track_changed = (case.process_track, case.process_track_reason) != (
        old.process_track,
        old.process_track_reason,
    )
    if track_changed and {"process_track", "process_track_reason"} & set(changed):
        track, reason = case.process_track, case.process_track_reason
        case.process_track, case.process_track_reason = old.process_track, old.process_track_reason
        case_process_track_override(case=case, track=track, actor=actor, reason=reason)
    case.save()
    if {"case_manager", "investigator"} & set(changed):
        _event(case, TimelineEvent.Kind.ASSIGNMENT, _("Assigned staff changed"), actor)
        Investigation.objects.filter(case=case).update(investigator=case.investigator)
    if "shared_with_brt" in changed:
        _event(
            case,
            TimelineEvent.Kind.ASSIGNMENT,
            _("Shared with the Bias Response Team")
            if case.shared_with_brt
            else _("No longer shared with the team"),
            actor,
        )
    if {
        "title_ix_category",
        "ti_in_program_at_filing",
        "ti_in_institute_program",
        "ti_in_united_states",
    } & set(changed):
        _event(
            case,
            TimelineEvent.Kind.TITLE_IX,
            _("Title IX determination: %(value)s")
            % {"value": _("Title IX") if case.is_title_ix else _("not Title IX")},
            actor,
        )
    return case


@_audited
@_audited
def case_legal_hold_set(*, case: Case, hold: bool, reason: str, actor) -> Case:
    """Place or lift a legal hold: while on hold the case is never purged (cases.retention)."""
    if not selectors.user_is_coordinator(actor):
        raise PermissionDenied(_("Only the Title IX coordinator places or lifts a legal hold."))
    reason = (reason or "").strip()
    if hold and not reason:
        raise ValidationError({"legal_hold_reason": _("Give the reason for the legal hold.")})
    locked = Case.objects.select_for_update().get(pk=case.pk)
    locked.legal_hold, locked.legal_hold_reason = hold, reason
    locked.save(update_fields=["legal_hold", "legal_hold_reason", "updated_at"])
    summary = _("Legal hold placed") if hold else _("Legal hold lifted")
    _event(locked, TimelineEvent.Kind.LEGAL_HOLD, summary, actor)
    case.legal_hold, case.legal_hold_reason = hold, reason
    return case


def case_formal_complaint_sign(*, case: Case, actor) -> Case:
    """The Title IX coordinator signs a formal complaint (recorded as signed by the coordinator)."""
    if not selectors.user_is_coordinator(actor):
        raise PermissionDenied(_("Only the Title IX coordinator may sign a formal complaint."))
    case.coordinator_signed_complaint_by = actor
    case.coordinator_signed_complaint_at = timezone.now()
    case.save(
        update_fields=["coordinator_signed_complaint_by", "coordinator_signed_complaint_at", "updated_at"]
    )
    _event(
        case, TimelineEvent.Kind.TRANSITION, _("Formal complaint signed by the Title IX coordinator"), actor
    )
    return case


# --- Supportive measures --------------------------------------------------------------


@_audited
def supportive_measure_save(*, measure: SupportiveMeasure, actor) -> SupportiveMeasure:
    """Record or update a supportive measure (any time while the case is open)."""
    case = measure.case
    if not selectors.case_user_may_edit(actor, case):
        raise PermissionDenied(_("You may not change this case."))
    if not case.is_open:
        raise ValidationError(_("Supportive measures are recorded while a case is open."))
    if measure.party_id and measure.party.case_id != case.pk:
        raise ValidationError({"party": _("Choose a party of this case.")})
    created = measure.pk is None
    if created:
        measure.created_by = actor
    measure.full_clean(exclude=["created_by", "notice_text"])
    measure.save()
    _event(
        case,
        TimelineEvent.Kind.MEASURE,
        (_("%(kind)s requested for the %(role)s") if created else _("%(kind)s updated: %(state)s"))
        % {
            "kind": measure.get_kind_display(),
            "role": measure.party.get_role_display().lower(),
            "state": measure.state_label,
        },
        actor,
    )
    if created or not measure.notice_text:
        supportive_measure_notice_generate(measure=measure, actor=actor)
    return measure


def supportive_measure_notice_render(*, measure: SupportiveMeasure) -> str:
    resources = selectors.resources_for_party(affiliation=measure.party.affiliation)
    return render_to_string(
        "cases/notices/supportive_measure.txt",
        {
            "measure": measure,
            "party": measure.party,
            "case": measure.case,
            "resources": resources,
            "today": timezone.localdate(),
        },
    )


@_audited
def supportive_measure_notice_generate(*, measure: SupportiveMeasure, actor) -> SupportiveMeasure:
    """The written notice of a measure, listing the directory's resources for the party."""
    measure.notice_text = supportive_measure_notice_render(measure=measure)
    measure.notice_generated_at = timezone.now()
    measure.save(update_fields=["notice_text", "notice_generated_at"])
    _event(
        measure.case,
        TimelineEvent.Kind.MEASURE,
        _("Written notice of %(kind)s generated") % {"kind": measure.get_kind_display()},
        actor,
    )
    return measure


# --- Informal resolution ----------------------------------------------------------------


@_audited
def informal_resolution_save(*, informal: InformalResolution, actor) -> InformalResolution:
    case = informal.case
    if not selectors.case_user_may_edit(actor, case):
        raise PermissionDenied(_("You may not change this case."))
    created = informal.pk is None
    old_outcome = None if created else InformalResolution.objects.get(pk=informal.pk).outcome
    if informal.outcome != InformalResolution.Outcome.PENDING and not informal.ended_on:
        informal.ended_on = timezone.localdate()
    informal.save()
    if created:
        _event(
            case,
            TimelineEvent.Kind.INFORMAL,
            _("Informal resolution recorded: %(kind)s") % {"kind": informal.get_kind_display()},
            actor,
        )
    elif old_outcome != informal.outcome:
        _event(
            case,
            TimelineEvent.Kind.INFORMAL,
            _("Informal resolution outcome: %(outcome)s") % {"outcome": informal.get_outcome_display()},
            actor,
        )
    return informal


@_audited
def consent_record_save(*, consent: ConsentRecord, actor) -> ConsentRecord:
    informal = consent.informal_resolution
    if not selectors.case_user_may_edit(actor, informal.case):
        raise PermissionDenied(_("You may not change this case."))
    if consent.party.case_id != informal.case_id:
        raise ValidationError({"party": _("Choose a party of this case.")})
    if consent.party.role not in (Party.Role.COMPLAINANT, Party.Role.RESPONDENT):
        raise ValidationError({"party": _("Consent is recorded for the complainant and the respondent.")})
    created = consent.pk is None
    if created:
        consent.recorded_by = actor
    consent.save()
    _event(
        informal.case,
        TimelineEvent.Kind.INFORMAL,
        (
            _("Consent of the %(role)s withdrawn")
            if consent.withdrawn_on
            else _("Written consent of the %(role)s recorded")
        )
        % {"role": consent.party.get_role_display().lower()},
        actor,
    )
    return consent


# --- Investigation and outcome ----------------------------------------------------------


def _ensure_editable(actor, case):
    if not selectors.case_user_may_edit(actor, case):
        raise PermissionDenied(_("You may not change this case."))


@_audited
def investigation_save(*, investigation: Investigation, actor) -> Investigation:
    _ensure_editable(actor, investigation.case)
    if investigation.report_document_id and investigation.report_document.case_id != investigation.case_id:
        raise ValidationError({"report_document": _("Choose a document of this case.")})
    investigation.save()
    _event(investigation.case, TimelineEvent.Kind.INVESTIGATION, _("Investigation details updated"), actor)
    return investigation


@_audited
def interview_save(*, interview: Interview, actor) -> Interview:
    _ensure_editable(actor, interview.investigation.case)
    created = interview.pk is None
    interview.save()
    if created:
        _event(
            interview.investigation.case,
            TimelineEvent.Kind.INVESTIGATION,
            _("Interview recorded (%(date)s)") % {"date": interview.interviewed_on},
            actor,
        )
    return interview


@_audited
def evidence_save(*, evidence: Evidence, actor) -> Evidence:
    _ensure_editable(actor, evidence.investigation.case)
    created = evidence.pk is None
    evidence.save()
    if created:
        _event(
            evidence.investigation.case,
            TimelineEvent.Kind.INVESTIGATION,
            _("Evidence recorded (%(date)s)") % {"date": evidence.received_on},
            actor,
        )
    return evidence


@_audited
def determination_record(
    *, case: Case, outcome: str, standard_of_evidence: str, rationale: str = "", decided_on=None, actor
) -> Determination:
    """Record the determination; the appeal deadline follows from the appeal-window target."""
    _ensure_editable(actor, case)
    if case.status != S.DETERMINATION:
        raise ValidationError(_("A determination is recorded when the case is at the determination stage."))
    refusal = _guard_investigator_report(case)
    if refusal:
        raise ValidationError(refusal)
    decided_on = decided_on or timezone.localdate()
    deadline = selectors.add_business_days(decided_on, selectors.stage_target_days(S.APPEAL_WINDOW) or 5)
    determination, _created = Determination.objects.update_or_create(
        case=case,
        defaults={
            "outcome": outcome,
            "standard_of_evidence": standard_of_evidence,
            "rationale": rationale,
            "decided_on": decided_on,
            "appeal_deadline": deadline,
            "decided_by": actor,
        },
    )
    _event(
        case,
        TimelineEvent.Kind.DETERMINATION,
        _("Determination: %(outcome)s; appeal deadline %(date)s")
        % {"outcome": determination.get_outcome_display(), "date": deadline},
        actor,
    )
    return determination


@_audited
def sanction_add(
    *, determination: Determination, party: Party, kind: str, details: str = "", effective_on=None, actor
) -> Sanction:
    """Sanctions only after a "responsible" determination, and only on a respondent of the case."""
    _ensure_editable(actor, determination.case)
    if determination.outcome != Determination.Outcome.RESPONSIBLE:
        raise ValidationError(_("Sanctions can only follow a “responsible” determination."))
    if party.case_id != determination.case_id or party.role != Party.Role.RESPONDENT:
        raise ValidationError({"party": _("Sanctions apply to a respondent of this case.")})
    sanction = Sanction.objects.create(
        determination=determination, party=party, kind=kind, details=details, effective_on=effective_on
    )
    _event(
        determination.case,
        TimelineEvent.Kind.SANCTION,
        _("Sanction: %(kind)s") % {"kind": sanction.get_kind_display()},
        actor,
    )
    return sanction


@_audited
def appeal_file(*, case: Case, party: Party, filed_on=None, grounds: str = "", actor) -> Appeal:
    _ensure_editable(actor, case)
    filed_on = filed_on or timezone.localdate()
    if case.status != S.APPEAL_WINDOW:
        raise ValidationError(_("An appeal is filed during the appeal window."))
    determination = Determination.objects.get(case=case)
    if filed_on > determination.appeal_deadline:
        raise ValidationError(
            _("The appeal window closed on %(date)s.") % {"date": determination.appeal_deadline}
        )
    if party.case_id != case.pk or party.role not in (Party.Role.COMPLAINANT, Party.Role.RESPONDENT):
        raise ValidationError({"filed_by": _("An appeal is filed by the complainant or the respondent.")})
    appeal = Appeal.objects.create(case=case, filed_by=party, filed_on=filed_on, grounds=grounds)
    _event(
        case,
        TimelineEvent.Kind.APPEAL,
        _("Appeal filed by the %(role)s") % {"role": party.get_role_display().lower()},
        actor,
    )
    return appeal


@_audited
def appeal_decide(*, appeal: Appeal, decision: str, actor) -> Appeal:
    _ensure_editable(actor, appeal.case)
    appeal.decision = decision
    appeal.decided_on = timezone.localdate()
    appeal.save(update_fields=["decision", "decided_on"])
    _event(
        appeal.case,
        TimelineEvent.Kind.APPEAL,
        _("Appeal decided: %(d)s") % {"d": appeal.get_decision_display()},
        actor,
    )
    return appeal


@_audited
def appeal_save(*, appeal: Appeal, actor) -> Appeal:
    """Admin inline edits of an appeal record (filing rules checked on creation)."""
    if appeal.pk is None:
        return appeal_file(
            case=appeal.case,
            party=appeal.filed_by,
            filed_on=appeal.filed_on,
            grounds=appeal.grounds,
            actor=actor,
        )
    old = Appeal.objects.get(pk=appeal.pk)
    if old.decision != appeal.decision:
        return appeal_decide(appeal=appeal, decision=appeal.decision, actor=actor)
    _ensure_editable(actor, appeal.case)
    appeal.save()
    return appeal


# --- Documents and notes --------------------------------------------------------------------

ALLOWED_DOCUMENT_TYPES = {
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/heic",
    "text/plain",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


@_audited
def case_document_add(
    *, case: Case, kind: str, filename: str, content_type: str, data: bytes, actor
) -> CaseDocument:
    """Store a document encrypted on disk; the name given is kept encrypted in the row."""
    _ensure_editable(actor, case)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("A document may be at most 20 MB."))
    if content_type not in ALLOWED_DOCUMENT_TYPES:
        content_type = "application/octet-stream"
    stored = document_store.save(data)
    try:
        document = CaseDocument.objects.create(
            case=case,
            kind=kind,
            filename=filename[:200] or "document",
            content_type=content_type,
            size=len(data),
            stored_name=stored,
            uploaded_by=actor,
        )
    except Exception:
        document_store.delete(stored)
        raise
    _event(
        case,
        TimelineEvent.Kind.DOCUMENT,
        _("Document added: %(kind)s") % {"kind": document.get_kind_display()},
        actor,
    )
    return document


def case_document_read(*, document: CaseDocument) -> bytes:
    return document_store.read(document.stored_name)


@_audited
def case_note_add(*, case: Case, author, body: str) -> CaseNote:
    _ensure_editable(author, case)
    if not body.strip():
        raise ValidationError({"body": _("Write the note.")})
    note = CaseNote.objects.create(case=case, author=author, body=body.strip())
    _event(case, TimelineEvent.Kind.NOTE, _("Note added"), author)
    return note


@_audited
def case_reporter_message_send(*, case: Case, report, actor, body: str):
    """A staff message to the reporter of a report in this case (they read it with their code)."""
    _ensure_editable(actor, case)
    if not body.strip():
        raise ValidationError({"body": _("Write the message.")})
    if not case.case_reports.filter(report=report).exists():
        raise ValidationError(_("That report is not part of this case."))
    from reports.services import staff_message_add

    message = staff_message_add(report=report, author=actor, body=body.strip())
    _event(
        case,
        TimelineEvent.Kind.MESSAGE,
        _("Message sent to the reporter of %(ref)s") % {"ref": report.reference},
        actor,
    )
    return message


# --- Access log -------------------------------------------------------------------------------


def access_log_record(
    *, user, action: str, obj, ref: str = "", with_identities: bool = False
) -> AccessLog:
    """Who read what, when. Written for every admin read of a case, report or document."""
    return AccessLog.objects.create(
        user=user,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_ref=(ref or getattr(obj, "reference", ""))[:40],
        with_identities=with_identities,
    )


# --- Deadlines --------------------------------------------------------------------------------


def deadline_digest_items(*, today: datetime.date | None = None) -> dict[str, list[dict]]:
    """Overdue cases per recipient email: each assignee gets theirs, coordinators get all."""
    from idhr_portal import roles

    today = today or timezone.localdate()
    items_by_email: dict[str, list[dict]] = {}
    coordinators = list(
        selectors.staff_with_group(roles.TITLE_IX_COORDINATOR)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    for case in selectors.overdue_cases(today=today):
        item = {
            "reference": case.reference,
            "stage": str(S(case.status).label),
            "due": case.due_on.isoformat(),
        }
        emails = set(coordinators)
        for user in (case.case_manager, case.investigator):
            if user is not None and user.is_active and user.email:
                emails.add(user.email)
        for email in emails:
            items_by_email.setdefault(email, []).append(item)
    return items_by_email


def deadline_digest_send(*, today: datetime.date | None = None) -> int:
    """Queue one digest email per recipient (references and dates only). Returns how many."""
    from notifications.models import Notification
    from notifications.services import notification_event

    today = today or timezone.localdate()
    sent = 0
    with transaction.atomic():
        for email, items in sorted(deadline_digest_items(today=today).items()):
            notification_event(
                event=Notification.Event.DEADLINE_DIGEST,
                recipients=[email],
                reference=today.isoformat(),
                admin_path=reverse("admin:cases_case_changelist") + "?overdue=yes",
                object_ref=f"cases.digest:{today.isoformat()}",
                context={"items": items},
            )
            sent += 1
    return sent


def reporter_message_recipients(object_ref: str) -> list[str]:
    """Recipient resolver for REPORTER_MESSAGE: the assigned staff of the case holding the report.

    `object_ref` is "reports.report:<pk>" (or a reporter message's ref with the report id).
    """
    from .models import CaseReport

    _label, _sep, pk = (object_ref or "").partition(":")
    if not pk.isdigit():
        return []
    if _label not in ("reports.report", ""):
        try:
            from reports.models import ReporterMessage

            pk = str(
                ReporterMessage.objects.filter(pk=int(pk)).values_list("report_id", flat=True).first() or ""
            )
        except ImportError:
            return []
        if not pk:
            return []
    link = (
        CaseReport.objects.filter(report_id=int(pk))
        .select_related("case__case_manager", "case__investigator")
        .first()
    )
    if link is None:
        return []
    users = [link.case.case_manager, link.case.investigator]
    return sorted({u.email for u in users if u is not None and u.is_active and u.email})
