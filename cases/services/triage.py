"""Opening cases from reports (triage) and the staff edits of the case form:
assignment, sharing, Title IX, the process track and the legal hold.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.selectors.access import user_group_names, user_is_coordinator, user_is_intake_staff
from cases.selectors.assignments import case_role_refusal
from cases.selectors.deadlines import stage_due_on
from idhr_portal import roles

from ..models import Case, CaseReport, CaseRole, Investigation, Party, TimelineEvent
from ..selectors.intake import affiliation_or_unknown, report_named_complainant
from ..workflow import S
from .audit import audited, ensure_editable, timeline_event
from .classification import clery_classification_follow_report
from .disclosure import disclosure_brt_share
from .parties import case_process_track_derive, case_process_track_override
from .party_changes import party_add_or_match
from .workflow import reports_status_sync


def _new_reference() -> str:
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    year = timezone.localdate().year
    for _attempt in range(10):
        reference = f"C-{year}-" + "".join(secrets.choice(alphabet) for _i in range(5))
        if not Case.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError("could not draw a free case reference")


@audited
def case_create(*, actor, case_manager=None, categories=(), title_ix_category: bool = False) -> Case:
    """A new, empty case in status "new" (triage adds reports and parties)."""
    case = Case(
        reference=_new_reference(),
        case_manager=case_manager,
        categories=sorted(set(categories)),
        title_ix_category=title_ix_category,
        due_on=stage_due_on(S.NEW, timezone.localdate()),
    )
    case.save()
    timeline_event(case, TimelineEvent.Kind.OPENED, _("Case opened"), actor)
    return case


def _ensure_may_triage(actor) -> None:
    if not user_is_intake_staff(actor):
        raise PermissionDenied(_("Only the Title IX coordinator and case managers triage reports."))


@audited
def case_open_from_report(*, report, actor) -> Case:
    """Triage: open a new case holding this report, assigned to the case manager who opened it."""
    _ensure_may_triage(actor)
    manager = actor if roles.CASE_MANAGER in user_group_names(actor) else None
    case = case_create(actor=actor, case_manager=manager)
    case_report_add(case=case, report=report, actor=actor)
    return case


@audited
def case_report_add(*, case: Case, report, actor, same_as: dict | None = None) -> Case:
    """Triage: add a report to a case (a case holds several reports; a report one case).

    A person the report names who matches a party already in the case is that party,
    not a second one (party_changes.party_add_or_match), unless `same_as` says otherwise:
    {"complainant" or "report_party:<id>": the party's id, or None for "someone else"}.
    """
    from reports.models import Report

    _ensure_may_triage(actor)
    ensure_editable(actor, case)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if CaseReport.objects.filter(report=report).exists():
        raise ValidationError(_("This report is already part of a case."))
    CaseReport.objects.create(case=case, report=report, linked_by=actor)
    clery_classification_follow_report(case=case, report=report)
    case.categories = sorted(set(case.categories) | set(report.categories or []))
    if getattr(report, "is_title_ix", False):
        case.title_ix_category = True
    _title_ix_from_complaint(case, report)
    case.save()
    timeline_event(
        case, TimelineEvent.Kind.REPORT_ADDED, _("Report %(ref)s added") % {"ref": report.reference}, actor
    )
    _parties_from_report(case=case, report=report, actor=actor, same_as=same_as)
    reports_status_sync(case)
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


def _parties_from_report(*, case: Case, report, actor, same_as: dict | None = None) -> None:
    """Copy the report's respondents and witnesses (and a named reporter) to the case;
    someone already a party of the case stays one party (party_changes)."""
    role_map = {"respondent": Party.Role.RESPONDENT, "witness": Party.Role.WITNESS}
    same_as, before = same_as or {}, list(Party.objects.filter(case=case).values_list("pk", flat=True))
    source = _("Report %(ref)s") % {"ref": report.reference}

    def add(party, key):
        party_add_or_match(party=party, actor=actor, among=before, same_as=same_as.get(key, "auto"), source=source)

    complainant = report_named_complainant(report)
    if complainant is not None:
        add(Party(case=case, **complainant), "complainant")
    for report_party in report.parties.all():
        party = Party(
            case=case,
            role=role_map.get(report_party.role, Party.Role.OTHER),
            affiliation=affiliation_or_unknown(report_party.affiliation),
            name=getattr(report_party, "name", "") or "",
            email=getattr(report_party, "email", "") or "",
        )
        add(party, f"report_party:{report_party.pk}")


@audited
def case_update(*, case: Case, actor, changed: list[str]) -> Case:
    """Save staff edits made on the case form (assignment, sharing, Title IX, track)."""
    ensure_editable(actor, case)
    old = Case.objects.get(pk=case.pk)
    if {"case_manager", "investigator", "shared_with_brt"} & set(
        changed
    ) and not user_is_coordinator(actor):
        # Assignment and sharing decide who sees a case: the coordinator's call.
        case.case_manager_id, case.investigator_id = old.case_manager_id, old.investigator_id
        case.shared_with_brt = old.shared_with_brt
        raise PermissionDenied(_("Only the Title IX coordinator assigns cases or shares them."))
    if "investigator" in changed and case.investigator_id and case.investigator_id != old.investigator_id:
        # The investigator is never a decision-maker, appeal decision-maker or facilitator.
        refusal = case_role_refusal(case, CaseRole.INVESTIGATOR, case.investigator)
        if refusal:
            raise ValidationError({"investigator": refusal})
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
        timeline_event(case, TimelineEvent.Kind.ASSIGNMENT, _("Assigned staff changed"), actor)
        Investigation.objects.filter(case=case).update(investigator=case.investigator)
    if "shared_with_brt" in changed and case.shared_with_brt and not old.shared_with_brt:
        disclosure_brt_share(case=case, actor=actor)  # FERPA 99.32 (issue 18)
    if "shared_with_brt" in changed:
        timeline_event(
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
        timeline_event(
            case,
            TimelineEvent.Kind.TITLE_IX,
            _("Title IX determination: %(value)s")
            % {"value": _("Title IX") if case.is_title_ix else _("not Title IX")},
            actor,
        )
        case_process_track_derive(case=case)  # the track follows the Title IX determination
    return case


@audited
def case_legal_hold_set(*, case: Case, hold: bool, reason: str, actor) -> Case:
    """Place or lift a legal hold: while on hold the case is never purged (cases.retention)."""
    if not user_is_coordinator(actor):
        raise PermissionDenied(_("Only the Title IX coordinator places or lifts a legal hold."))
    reason = (reason or "").strip()
    if hold and not reason:
        raise ValidationError({"legal_hold_reason": _("Give the reason for the legal hold.")})
    locked = Case.objects.select_for_update().get(pk=case.pk)
    locked.legal_hold, locked.legal_hold_reason = hold, reason
    locked.save(update_fields=["legal_hold", "legal_hold_reason", "updated_at"])
    summary = _("Legal hold placed") if hold else _("Legal hold lifted")
    timeline_event(locked, TimelineEvent.Kind.LEGAL_HOLD, summary, actor)
    case.legal_hold, case.legal_hold_reason = hold, reason
    return case
