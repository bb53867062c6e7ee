"""Dismissal of the Title IX part of a formal complaint (34 CFR 106.45(b)(3)).

Mandatory ((b)(3)(i)) when the conduct would not be Title IX sexual harassment even if
proved, did not occur in the Institute's education program or activity, or not against a
person in the United States: the matching Title IX criterion must be recorded as not met
on the case first. Discretionary ((b)(3)(ii), the Title IX coordinator only) when the
complainant withdraws in writing, the respondent is no longer enrolled or employed, or
specific circumstances prevent gathering evidence. The written notice goes to both parties
at the same moment ((b)(3)(iii)): dismissal letters in one batch. As the policy says
(seed 003, section I), the complaint can continue on the non-Title-IX track of the same
respondent; otherwise the case closes with the dismissal as its reason. A dismissal can be
appealed like a determination (cases.services.appeals, (b)(8)(i)).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.selectors.access import user_is_coordinator
from cases.selectors.deadlines import add_business_days
from cases.selectors.process import case_has_signed_formal_complaint

from ..models import Case, Determination, Dismissal, LetterKind, ProcessTrack, TimelineEvent
from ..workflow import S
from .appeal_window import appeal_window_days, appeal_window_open
from .audit import audited, ensure_editable, timeline_event
from .tracks import track_non_title_ix
from .workflow import TransitionRefused, case_transition

G = Dismissal.Ground

# Mandatory ground -> (the Case field that must be False, what to record first).
MANDATORY_CRITERION = {
    G.NOT_SEXUAL_HARASSMENT: "title_ix_category",
    G.NOT_IN_PROGRAM: "ti_in_institute_program",
    G.NOT_IN_UNITED_STATES: "ti_in_united_states",
}


def _criterion_refusal(case: Case, ground: str) -> str | None:
    field = MANDATORY_CRITERION[ground]
    if getattr(case, field) is False:
        return None
    label = Case._meta.get_field(field).verbose_name
    return _(
        "This ground needs the Title IX determination to say so: record “%(criterion)s” as no on the case first."
    ) % {"criterion": label}


@audited
def dismissal_record(
    *, case: Case, ground: str, reason: str, continue_on_track: bool = True, dismissed_on=None,
    no_measures_reason: str = "", actor
) -> Dismissal:
    """Dismiss the Title IX part; continue on the respondent's non-Title-IX track or close.

    Closing goes through case_transition (one TransitionLog row, the dismissal as its reason);
    `no_measures_reason` is what closing asks when no supportive measure was ever recorded."""
    from .letters import letter_prepare
    from .outcomes import case_parties

    case = Case.objects.select_for_update().get(pk=case.pk)
    ensure_editable(actor, case)
    if not case.is_open:
        raise ValidationError(_("A closed case is not dismissed: reopen it first."))
    if Determination.objects.filter(case=case, released_at__isnull=False).exists():
        raise ValidationError(_("The determination was released: it is appealed, not dismissed."))
    if not case_has_signed_formal_complaint(case):
        raise ValidationError(_("A dismissal is of a formal complaint: this case has no signed formal complaint."))
    if ground not in G.values:
        raise ValidationError({"ground": _("Choose the ground of the dismissal.")})
    if ground not in Dismissal.MANDATORY and not user_is_coordinator(actor):
        raise PermissionDenied(_("Only the Title IX coordinator dismisses on this ground (34 CFR 106.45(b)(3)(ii))."))
    if ground in Dismissal.MANDATORY:
        refusal = _criterion_refusal(case, ground)
        if refusal:
            raise ValidationError({"ground": refusal})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Write the reasons for the dismissal: the parties are told them.")})
    parties = case_parties(case)
    if {p.role for p in parties} != {"complainant", "respondent"}:
        raise ValidationError(
            _("The notice of dismissal goes to both parties: record the complainant and the respondent.")
        )
    continues = track_non_title_ix(case.process_track) if continue_on_track else ""
    if continue_on_track and not continues:
        raise ValidationError(
            {"continue_on_track": _("The process track is not determined: record the respondent's affiliation, "
                                    "or close the case with the dismissal.")}
        )
    dismissed_on = dismissed_on or timezone.localdate()
    dismissal = Dismissal.objects.create(
        case=case,
        ground=ground,
        reason=reason.strip(),
        dismissed_on=dismissed_on,
        dismissed_by=actor,
        continues_track=continues,
        appeal_deadline=add_business_days(dismissed_on, appeal_window_days()),
    )
    timeline_event(
        case, TimelineEvent.Kind.TRANSITION,
        _("Title IX part dismissed: %(ground)s") % {"ground": dismissal.get_ground_display()}, actor,
    )
    letter_prepare(
        case=case,
        kind=LetterKind.DISMISSAL,
        recipients=parties,
        actor=actor,
        extra={"dismissal": dismissal},
        regarding=f"cases.dismissal:{dismissal.pk}",
        batch=True,
    )
    appeal_window_open(
        case=case, of="dismissal", regarding=f"cases.dismissal:{dismissal.pk}", starts_on=dismissed_on, actor=actor
    )
    if continues:
        case.process_track = continues
        case.process_track_overridden = True
        case.process_track_reason = _("Title IX part dismissed (%(ground)s); continues on this track.") % {
            "ground": dismissal.get_ground_display()
        }
        case.save(update_fields=["process_track", "process_track_overridden", "process_track_reason", "updated_at"])
        timeline_event(
            case, TimelineEvent.Kind.TRACK,
            _("Continues on the track: %(track)s") % {"track": ProcessTrack(continues).label}, actor,
        )
    else:  # The case closes through the one door (cases.workflow: "dismissed" guards this move).
        try:
            case_transition(
                case=case, to=S.CLOSED, actor=actor, no_measures_reason=no_measures_reason,
                reason=_("Dismissed: %(ground)s. %(reason)s") % {"ground": dismissal.get_ground_display(),
                                                                 "reason": dismissal.reason},
            )
        except TransitionRefused as refused:
            raise ValidationError(str(refused)) from refused
    return dismissal
