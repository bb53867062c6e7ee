"""Appeals (34 CFR 106.45(b)(8)) of a determination or of a dismissal.

Either party appeals, on a basis of the AppealBasis table (the regulation's three, plus
any the office adds, equally open to both), within the appeal window. The other party is
notified in writing (appeal_filed letter) and both may submit a written statement within
a window ((b)(8)(iii)(D), a CaseDeadline each). The appeal decision-maker (none of the
coordinator, investigator or decision-maker, attested) decides with a rationale once the
statement windows are over ((E)); the office releases the decision to both parties at
once, the appeal_outcome letters in one batch ((F)).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Appeal,
    AppealBasis,
    AppealStatement,
    Case,
    CaseDeadline,
    CaseDocument,
    CaseRole,
    Determination,
    Dismissal,
    LetterKind,
    Party,
    TimelineEvent,
)
from ..selectors.appeals import appeals_of_current_determination, determination_finality
from ..workflow import S
from .assignments import case_role_ensure_may_act
from .audit import audited, ensure_editable, ensure_may_act, timeline_event
from .deadlines import deadline_close, deadline_open

STATEMENT_BASIS = "34 CFR 106.45(b)(8)(iii)(D)"


def appeal_statement_days() -> int:
    """Calendar days each party has for a written statement on an appeal (a setting; the
    regulation asks for "a reasonable, equal opportunity" without a number)."""
    return getattr(settings, "APPEAL_STATEMENT_DAYS", 7)


def _parties(case: Case) -> list[Party]:
    return list(
        Party.objects.filter(case=case, role__in=[Party.Role.COMPLAINANT, Party.Role.RESPONDENT]).order_by(
            "role", "pk"
        )
    )


def _regarding(appeal: Appeal) -> str:
    return f"cases.appeal:{appeal.pk}"


@audited
def appeal_file(
    *, case: Case, party: Party, filed_on=None, grounds: str = "", basis: AppealBasis | None = None,
    dismissal: Dismissal | None = None, actor, bases: list[AppealBasis] | None = None,
    by_party: Party | None = None,
) -> Appeal:
    """A party's appeal of the determination (during the appeal window) or of a dismissal.

    `bases`: every basis chosen (`basis` is then the first). With `by_party` (actor None) the
    party files it in the portal, today; the other party's notice is published to their
    portal at once (cases.services.portal) when the office has their email address.
    """
    from .letters import letter_prepare
    from .portal import letter_send_via_portal

    ensure_may_act(actor, case, by_party)
    case.refresh_from_db(fields=["status"])
    if by_party is not None:
        if by_party.pk != party.pk and by_party.advises_id != party.pk:
            raise ValidationError(_("An appeal is the party's own, or their advisor's for them."))
        filed_on = None
    today = timezone.localdate()
    if filed_on is not None and filed_on > today:
        raise ValidationError(
            {"filed_on": _("The appeal cannot be recorded as filed on %(date)s, a day still to come: give the day "
                           "it was received (today, %(today)s, at the latest).")
             % {"date": filed_on.isoformat(), "today": today.isoformat()}}
        )
    filed_on = filed_on or today
    bases = list(bases or ([basis] if basis is not None else []))
    basis = bases[0] if bases else None
    if dismissal is not None:
        if dismissal.case_id != case.pk:
            raise ValidationError({"dismissal": _("Choose a dismissal of this case.")})
        deadline = dismissal.appeal_deadline
    else:
        if case.status != S.APPEAL_WINDOW:
            raise ValidationError(_("An appeal is filed during the appeal window."))
        determination = Determination.objects.get(case=case)
        deadline = determination.appeal_deadline
    if deadline and filed_on > deadline:
        raise ValidationError(_("The appeal window closed on %(date)s.") % {"date": deadline})
    if dismissal is None and not determination.released_at:
        raise ValidationError(_("The determination is appealed once it was released to both parties."))
    if party.case_id != case.pk or party.role not in (Party.Role.COMPLAINANT, Party.Role.RESPONDENT):
        raise ValidationError({"filed_by": _("An appeal is filed by the complainant or the respondent.")})
    if basis is None or not all(each.active for each in bases):
        raise ValidationError({"basis": _("Choose the basis of the appeal.")})
    _ensure_not_filed_twice(case=case, party=party, dismissal=dismissal)
    appeal = Appeal.objects.create(
        case=case, dismissal=dismissal, filed_by=party, filed_on=filed_on, grounds=grounds, basis=basis
    )
    appeal.bases.set(bases)
    timeline_event(
        case,
        TimelineEvent.Kind.APPEAL,
        _("Appeal of %(of)s filed by the %(role)s") % {"of": appeal.of_label, "role": party.get_role_display().lower()},
        actor,
    )
    windows = []
    for each in _parties(case):  # (D): an equal opportunity for both
        windows.append(deadline_open(
            case=case,
            kind=CaseDeadline.Kind.APPEAL_STATEMENT,
            label=_("Written statement on the appeal (%(role)s)") % {"role": each.get_role_display().lower()},
            basis=STATEMENT_BASIS,
            start_event=_("Appeal filed"),
            starts_on=filed_on,
            length_days=appeal_statement_days(),
            for_whom=each.get_role_display(),
            party=each,
            regarding=_regarding(appeal),
            actor=actor,
        ))
    others = [p for p in _parties(case) if p.pk != party.pk]
    if others:  # (b)(8)(iii)(A): the other party is told in writing, with the day their statement is due
        notices = letter_prepare(
            case=case,
            kind=LetterKind.APPEAL_FILED,
            recipients=others,
            actor=actor,
            extra={"appeal": appeal, "deadline": windows[0] if windows else None,
                   "statement_days": appeal_statement_days()},
            regarding=_regarding(appeal),
            by_party=by_party,
        )
        reachable = [notice for notice in notices if (notice.recipient.email or "").strip()]
        if by_party is not None and reachable:  # the rest wait for the office to send by post
            letter_send_via_portal(letters=reachable, actor=None, by_party=by_party)
    return appeal


def _ensure_not_filed_twice(*, case: Case, party: Party, dismissal: Dismissal | None) -> None:
    """The same party's appeal of the same decision is not recorded twice (a form sent again after
    "Back"); and once the written decision on an appeal of the determination was given to both
    parties the determination is final (106.45(b)(7)(iii)): it is no longer appealed."""
    same = (
        appeals_of_current_determination(case) if dismissal is None
        else Appeal.objects.filter(case=case, dismissal=dismissal)
    )
    pending = same.filter(filed_by=party, decision=Appeal.Decision.PENDING).first()
    if pending:
        raise ValidationError(
            _("The %(role)s's appeal of %(of)s filed on %(date)s is pending already.")
            % {"role": party.get_role_display().lower(), "of": pending.of_label, "date": pending.filed_on.isoformat()}
        )
    given = same.filter(released_at__isnull=False).order_by("released_at").first()
    if dismissal is None and given:
        mine = same.filter(filed_by=party).first()
        if mine is not None:
            raise ValidationError(
                _("The %(role)s's appeal of the determination was decided on %(date)s: a party appeals it once.")
                % {"role": party.get_role_display().lower(),
                   "date": (mine.decided_on or mine.filed_on).isoformat()}
            )
        determination = Determination.objects.get(case=case)
        final = determination_finality(determination=determination)
        if final.final_on is not None:
            raise ValidationError(
                _("The determination is final (34 CFR 106.45(b)(7)(iii)) since %(date)s: %(why)s.")
                % {"date": final.final_on.isoformat(), "why": final.because}
            )


@audited
def appeal_statement_add(
    *, appeal: Appeal, party: Party, document: CaseDocument, submitted_on=None, actor,
    by_party: Party | None = None,
) -> AppealStatement:
    """A party's written statement on a pending appeal, within that party's window.

    With `by_party` (actor None): the party, or their advisor, submits it in the portal, today."""
    case = appeal.case
    ensure_may_act(actor, case, by_party)
    if by_party is not None:
        if by_party.pk != party.pk and by_party.advises_id != party.pk:
            raise ValidationError(_("A statement is the party's own, or their advisor's for them."))
        submitted_on = None
    submitted_on = submitted_on or timezone.localdate()
    if appeal.decision != Appeal.Decision.PENDING:
        raise ValidationError(_("The appeal was already decided."))
    if party.case_id != case.pk or party.role not in (Party.Role.COMPLAINANT, Party.Role.RESPONDENT):
        raise ValidationError({"party": _("A written statement is the complainant's or the respondent's.")})
    if document.case_id != case.pk:
        raise ValidationError({"document": _("Choose a document of this case.")})
    window = CaseDeadline.objects.filter(
        case=case, kind=CaseDeadline.Kind.APPEAL_STATEMENT, regarding=_regarding(appeal), party=party
    ).first()
    if by_party is not None and window is None:
        raise ValidationError(_("There is no window for a written statement on this appeal."))
    if window and submitted_on > window.due_on:
        raise ValidationError(
            _("The window for written statements closed on %(date)s.") % {"date": window.due_on.isoformat()}
        )
    if AppealStatement.objects.filter(appeal=appeal, party=party, document=document).exists():
        raise ValidationError(  # the same form sent again ("Back", then the button)
            {"document": _("This document is recorded already as the %(role)s's statement on this appeal.")
             % {"role": party.get_role_display().lower()}}
        )
    statement = AppealStatement.objects.create(
        appeal=appeal, party=party, document=document, submitted_on=submitted_on, recorded_by=actor,
        submitted_by=by_party,
    )
    if window:
        deadline_close(deadline=window, state=CaseDeadline.State.MET, actor=actor)
    timeline_event(
        case,
        TimelineEvent.Kind.APPEAL,
        _("Written statement on the appeal by the %(role)s") % {"role": party.get_role_display().lower()},
        actor,
    )
    return statement


@audited
def appeal_decide(
    *, appeal: Appeal, decision: str, rationale: str = "", result_after_appeal: str = "", actor
) -> Appeal:
    """Only the appeal decision-maker, having attested, decides (106.45(b)(8)(iii)(B)–(C)),
    with a written rationale ((E)), once each party had its chance to submit a statement.

    A decision that modifies or overturns states the result that now stands: that result, not
    the original one, becomes final when the decision is given to the parties (106.45(b)(7)(iii)).
    """
    case_role_ensure_may_act(case=appeal.case, role=CaseRole.APPEAL_DECISION_MAKER, user=actor)
    if appeal.released_at:
        raise ValidationError(_("The decision on this appeal was already given to the parties."))
    if decision not in Appeal.Decision.values or decision == Appeal.Decision.PENDING:
        raise ValidationError({"decision": _("Choose the decision.")})
    if not (rationale or "").strip():
        raise ValidationError({"rationale": _("Write the rationale for the decision.")})
    if decision == Appeal.Decision.REMANDED and appeal.dismissal_id:
        raise ValidationError(
            {"decision": _("A remand for a new hearing decides an appeal of the determination, not of a dismissal.")}
        )
    changes = decision in (Appeal.Decision.MODIFIED, Appeal.Decision.OVERTURNED)
    if changes and not (result_after_appeal or "").strip():
        raise ValidationError(
            {"result_after_appeal": _("Write the result that now stands for each allegation, and any sanction "
                                      "or remedy changed: it is what becomes final.")}
        )
    if not changes and (result_after_appeal or "").strip():
        raise ValidationError(
            {"result_after_appeal": _("A remand for a new hearing sets the determination aside and states no result: "
                                      "leave this empty.") if decision == Appeal.Decision.REMANDED
             else _("An upheld decision changes no result: leave this empty.")}
        )
    today = timezone.localdate()
    waiting = CaseDeadline.objects.filter(
        case=appeal.case,
        kind=CaseDeadline.Kind.APPEAL_STATEMENT,
        regarding=_regarding(appeal),
        state=CaseDeadline.State.OPEN,
        due_on__gte=today,
    ).order_by("-due_on").first()
    if waiting:
        raise ValidationError(
            _("A party may still submit a written statement until %(date)s: decide after that.")
            % {"date": waiting.due_on.isoformat()}
        )
    appeal.decision = decision
    appeal.rationale = rationale
    appeal.result_after_appeal = result_after_appeal if changes else ""
    appeal.decided_on = today
    appeal.decided_by = actor
    appeal.save(update_fields=["decision", "rationale", "result_after_appeal", "decided_on", "decided_by"])
    timeline_event(
        appeal.case,
        TimelineEvent.Kind.APPEAL,
        _("Appeal decided: %(d)s") % {"d": appeal.get_decision_display()},
        actor,
    )
    return appeal


@audited
def appeal_release(*, appeal: Appeal, actor) -> Appeal:
    """The written decision to both parties at once: appeal_outcome letters in one batch.

    The letter says whose appeal it decides and whether the determination is final now: only
    when no other appeal is pending and the appeal window is over (106.45(b)(7)(iii)). A remand
    for a new hearing sets the determination aside and returns the case to the hearing stage
    (cases.services.appeal_remand)."""
    from .appeal_remand import appeal_remand_apply, appeal_remand_refusal
    from .finality import determination_finalise
    from .letters import letter_prepare

    case = appeal.case
    ensure_editable(actor, case)
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.released_at:
        raise ValidationError(_("The decision on this appeal was already given to the parties."))
    if appeal.decision == Appeal.Decision.PENDING:
        raise ValidationError(_("The appeal decision-maker has not decided the appeal yet."))
    remanded = appeal.decision == Appeal.Decision.REMANDED
    if remanded:
        refusal = appeal_remand_refusal(appeal=appeal)
        if refusal:
            raise ValidationError(refusal)
    appeal.released_at = timezone.now()
    appeal.save(update_fields=["released_at"])
    determination = Determination.objects.filter(case=case).first()
    finality = None
    if appeal.dismissal_id is None and determination is not None and not remanded:
        finality = determination_finality(determination=determination)
    recipients = _parties(case)
    letter_prepare(
        case=case,
        kind=LetterKind.APPEAL_OUTCOME,
        recipients=recipients,
        actor=actor,
        extra={"appeal": appeal, "determination": determination, "dismissal": appeal.dismissal,
               "finality": finality, "final_now": bool(finality and finality.final_on),
               "remanded": remanded},
        regarding=_regarding(appeal),
        batch=True,
    )
    timeline_event(
        case,
        TimelineEvent.Kind.APPEAL,
        _("Appeal decision (%(d)s) released to both parties") % {"d": appeal.get_decision_display()},
        actor,
    )
    if remanded:
        appeal_remand_apply(appeal=appeal, actor=actor)
    elif finality and finality.final_on:
        determination_finalise(case=case, actor=actor)
    return appeal


@audited
def appeal_save(*, appeal: Appeal, actor) -> Appeal:
    """Admin inline edits of an appeal record (filing rules checked on creation)."""
    if appeal.pk is None:
        return appeal_file(
            case=appeal.case,
            party=appeal.filed_by,
            filed_on=appeal.filed_on,
            grounds=appeal.grounds,
            basis=appeal.basis,
            dismissal=appeal.dismissal,
            actor=actor,
        )
    old = Appeal.objects.get(pk=appeal.pk)
    if old.decision != appeal.decision:
        return appeal_decide(
            appeal=appeal,
            decision=appeal.decision,
            rationale=appeal.rationale,
            result_after_appeal=appeal.result_after_appeal,
            actor=actor,
        )
    ensure_editable(actor, appeal.case)
    appeal.save()
    return appeal
