"""The live hearing (34 CFR 106.45(b)(6)(i)) and its notice (106.45(b)(5)(v)).

A hearing is scheduled with a date, a place or a video link, before the panel (the case's
decision-maker assignments); the notice goes to both parties and their advisors at least
settings.PROCESS_MEETING_NOTICE_DAYS before, unless a written waiver is recorded. On the
Title IX track it is never earlier than 10 days after the investigation report was sent
(106.45(b)(5)(vii)). It starts (is marked held) only when each party has an advisor, the
office appointing one when a party has none. Each question's relevance is ruled on before
it is answered, with the reason for any exclusion; the recording or transcript is kept.
"""

from __future__ import annotations

import datetime

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.selectors.access import case_user_may_edit
from cases.selectors.assignments import case_role_action_refusal, case_role_user_ids
from cases.selectors.hearing import (
    case_parties_and_advisors,
    case_principal_parties,
    hearing_date_refusal,
    hearing_start_refusal,
)

from ..models import CaseDeadline, CaseDocument, CaseRole, Hearing, Party, RelevanceRuling, TimelineEvent
from .audit import audited, ensure_editable, timeline_event
from .letters import letter_prepare
from .once import case_lock

PRINCIPAL_ROLES = (Party.Role.COMPLAINANT, Party.Role.RESPONDENT)


@audited
def advisor_record(*, advises: Party, name: str, actor, email: str = "", appointed_by_office: bool = False) -> Party:
    """Record a party's advisor (of their choice, or appointed by the office for the hearing)."""
    case = advises.case
    ensure_editable(actor, case)
    if advises.role not in PRINCIPAL_ROLES:
        raise ValidationError({"advises": _("An advisor advises the complainant or the respondent.")})
    if not (name or "").strip():
        raise ValidationError({"name": _("Give the advisor's name.")})
    from .parties import party_save

    advisor = party_save(
        party=Party(
            case=case,
            role=Party.Role.ADVISOR,
            name=name.strip(),
            email=(email or "").strip(),
            advises=advises,
            appointed_by_office=appointed_by_office,
        ),
        actor=actor,
    )
    timeline_event(
        case,
        TimelineEvent.Kind.HEARING,
        (
            _("Advisor appointed by the office for the %(role)s")
            if appointed_by_office
            else _("Advisor of the %(role)s recorded")
        )
        % {"role": advises.get_role_display().lower()},
        actor,
    )
    return advisor


def _check_place(place: str, video_link: str) -> None:
    if not (place or "").strip() and not (video_link or "").strip():
        raise ValidationError({"place": _("Give the place of the hearing or its video link.")})


@audited
def hearing_schedule(
    *,
    case,
    scheduled_at: datetime.datetime,
    actor,
    place: str = "",
    video_link: str = "",
    separate_rooms: bool = False,
    notice_waiver: CaseDocument | None = None,
    notice_on: datetime.date | None = None,
) -> Hearing:
    """Schedule the hearing and prepare its notice to both parties and their advisors.

    `notice_on` is the day the notice goes out (today unless given).
    """
    ensure_editable(actor, case)
    notice_on = notice_on or timezone.localdate()
    _check_place(place, video_link)
    parties = case_principal_parties(case)
    if {p.role for p in parties} != set(PRINCIPAL_ROLES):
        raise ValidationError(_("Record the complainant and the respondent of the case first."))
    if not case_role_user_ids(case, CaseRole.DECISION_MAKER):
        raise ValidationError(_("Assign the decision-maker (the hearing panel) before scheduling the hearing."))
    case_lock(case=case)  # two windows scheduling at once: the second finds the first's hearing
    if Hearing.objects.filter(case=case, status=Hearing.Status.SCHEDULED).exists():
        raise ValidationError(_("A hearing is already scheduled: cancel it before scheduling another."))
    on = timezone.localtime(scheduled_at).date() if timezone.is_aware(scheduled_at) else scheduled_at.date()
    if on < notice_on:
        raise ValidationError({"scheduled_at": _("This date has passed.")})
    refusal = hearing_date_refusal(case, on)
    if refusal:
        raise ValidationError({"scheduled_at": refusal})
    if notice_waiver is not None and notice_waiver.case_id != case.pk:
        raise ValidationError({"notice_waiver": _("Choose a document of this case.")})
    days = settings.PROCESS_MEETING_NOTICE_DAYS
    if (on - notice_on).days < days and notice_waiver is None:
        raise ValidationError(
            {
                "scheduled_at": _(
                    "The notice must reach the parties at least %(days)s days before the hearing (the earliest "
                    "date is %(date)s), unless the parties waive that in writing: record the waiver."
                )
                % {"days": days, "date": (notice_on + datetime.timedelta(days=days)).isoformat()}
            }
        )
    hearing = Hearing.objects.create(
        case=case,
        scheduled_at=scheduled_at,
        place=(place or "").strip(),
        video_link=(video_link or "").strip(),
        separate_rooms=separate_rooms,
        notice_on=notice_on,
        notice_waiver=notice_waiver,
        scheduled_by=actor,
    )
    panel = list(
        case.role_assignments.filter(role=CaseRole.DECISION_MAKER, ended_at__isnull=True).select_related("user")
    )
    letter_prepare(
        case=case,
        kind="hearing",
        recipients=case_parties_and_advisors(case),
        actor=actor,
        extra={"hearing": hearing, "panel": [a.user for a in panel]},
        regarding=f"cases.hearing:{hearing.pk}",
    )
    CaseDeadline.objects.filter(
        case=case, kind=CaseDeadline.Kind.REPORT_BEFORE_HEARING, state=CaseDeadline.State.OPEN
    ).update(state=CaseDeadline.State.MET, closed_at=timezone.now())
    timeline_event(
        case,
        TimelineEvent.Kind.HEARING,
        _("Hearing scheduled for %(date)s; notice prepared for the parties and advisors") % {"date": on.isoformat()},
        actor,
    )
    return hearing


@audited
def hearing_cancel(*, hearing: Hearing, reason: str, actor) -> Hearing:
    ensure_editable(actor, hearing.case)
    if hearing.status != Hearing.Status.SCHEDULED:
        raise ValidationError(_("Only a scheduled hearing can be cancelled."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason.")})
    pghistory.context(reason=reason.strip())  # the history row's reason (the timeline shows it too)
    hearing.status = Hearing.Status.CANCELLED
    hearing.save(update_fields=["status"])
    timeline_event(
        hearing.case, TimelineEvent.Kind.HEARING, _("Hearing cancelled: %(reason)s") % {"reason": reason}, actor
    )
    return hearing


@audited
def hearing_mark_held(*, hearing: Hearing, actor, held_at: datetime.datetime | None = None) -> Hearing:
    """The hearing started: only with an advisor for each party, and never before the report's 10 days."""
    case = hearing.case
    ensure_editable(actor, case)
    if hearing.status != Hearing.Status.SCHEDULED:
        raise ValidationError(_("Only a scheduled hearing can be marked held."))
    held_at = held_at or timezone.now()
    if held_at > timezone.now():
        raise ValidationError({"held_at": _("This date is in the future.")})
    refusal = hearing_start_refusal(hearing)
    if refusal:
        raise ValidationError(refusal)
    refusal = hearing_date_refusal(case, timezone.localtime(held_at).date())
    if refusal:
        raise ValidationError({"held_at": refusal})
    hearing.status, hearing.held_at = Hearing.Status.HELD, held_at
    hearing.save(update_fields=["status", "held_at"])
    timeline_event(case, TimelineEvent.Kind.HEARING, _("Hearing held"), actor)
    return hearing


@audited
def hearing_record_attach(*, hearing: Hearing, document: CaseDocument, actor) -> Hearing:
    """Attach the hearing's audio or audiovisual recording or its transcript."""
    ensure_editable(actor, hearing.case)
    if document is None or document.case_id != hearing.case_id:
        raise ValidationError({"document": _("Choose a document of this case.")})
    if hearing.status != Hearing.Status.HELD:
        raise ValidationError(_("Mark the hearing held before attaching its recording or transcript."))
    hearing.recording_or_transcript = document
    hearing.save(update_fields=["recording_or_transcript"])
    timeline_event(hearing.case, TimelineEvent.Kind.HEARING, _("Hearing recording or transcript attached"), actor)
    return hearing


@audited
def relevance_ruling_record(
    *, hearing: Hearing, question_summary: str, asked_for: Party, ruling: str, actor, reason: str = ""
) -> RelevanceRuling:
    """Log a relevance ruling; excluding a question needs its reason (106.45(b)(6)(i))."""
    case = hearing.case
    if not case_user_may_edit(actor, case):
        refusal = case_role_action_refusal(case, CaseRole.DECISION_MAKER, actor)
        if refusal:
            raise ValidationError(refusal)
    if hearing.status == Hearing.Status.CANCELLED:
        raise ValidationError(_("This hearing was cancelled."))
    if not (question_summary or "").strip():
        raise ValidationError({"question_summary": _("Summarise the question.")})
    if asked_for is None or asked_for.case_id != case.pk or asked_for.role not in PRINCIPAL_ROLES:
        raise ValidationError({"asked_for": _("Choose the party on whose behalf the question was asked.")})
    if ruling not in RelevanceRuling.Ruling.values:
        raise ValidationError({"ruling": _("Choose the ruling.")})
    if ruling == RelevanceRuling.Ruling.NOT_RELEVANT and not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for excluding the question.")})
    entry = RelevanceRuling.objects.create(
        hearing=hearing,
        question_summary=question_summary.strip(),
        asked_for=asked_for,
        ruling=ruling,
        reason=(reason or "").strip(),
        ruled_by=actor,
    )
    timeline_event(
        case,
        TimelineEvent.Kind.HEARING,
        _("Relevance ruling: %(ruling)s (question asked for the %(role)s)")
        % {"ruling": entry.get_ruling_display(), "role": asked_for.get_role_display().lower()},
        actor,
    )
    return entry
