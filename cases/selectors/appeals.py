"""Reads about appeals of the determination and when it becomes final (34 CFR 106.45(b)(7)(iii), (b)(8)).

An appeal "of the current determination" is one filed after the last remand given to the
parties: a remand for a new hearing sets the determination aside, and the determination made
after the new hearing is appealed afresh.

Final: once no appeal of it is pending and no appeal window is open. With appeals, on the
later of the day the last written decision was given to both parties and the day after the
window's last day (the other party may still appeal within the window); without, on the day
after the window's last day.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Appeal, Case, Determination


def appeals_of_current_determination(case: Case | int) -> QuerySet[Appeal]:
    """Appeals of the determination (not of a dismissal) filed after the last remand given to the parties."""
    case_id = case if isinstance(case, int) else case.pk
    appeals = Appeal.objects.filter(case_id=case_id, dismissal__isnull=True)
    last_remand = (
        appeals.filter(decision=Appeal.Decision.REMANDED, released_at__isnull=False)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return appeals.filter(pk__gt=last_remand) if last_remand else appeals


@dataclass(frozen=True)
class Finality:
    final_on: datetime.date | None
    because: str


def determination_finality(*, determination: Determination, today: datetime.date | None = None) -> Finality:
    """When the determination is (or becomes) final, and why (106.45(b)(7)(iii))."""
    today = today or timezone.localdate()
    if not determination.released_at:
        return Finality(None, _("not released to the parties yet"))
    window_over_on = determination.appeal_deadline + datetime.timedelta(days=1)
    appeals = list(appeals_of_current_determination(determination.case_id).select_related("filed_by"))
    pending = [a for a in appeals if a.released_at is None]
    if pending:
        return Finality(
            None,
            _("the %(role)s's appeal filed on %(date)s is pending")
            % {"role": pending[0].filed_by.get_role_display().lower(), "date": pending[0].filed_on.isoformat()},
        )
    if appeals:
        released = max(timezone.localtime(a.released_at).date() for a in appeals)
        final_on = max(released, window_over_on)
        if today < final_on:
            return Finality(
                None,
                _("the written decision on the appeal was given to both parties on %(date)s, and the appeal "
                  "window is open until %(deadline)s; without another appeal it becomes final on %(final)s")
                % {"date": released.isoformat(), "deadline": determination.appeal_deadline.isoformat(),
                   "final": final_on.isoformat()},
            )
        changed = [a for a in appeals if a.changes_result]
        if changed:
            return Finality(
                final_on,
                _("the written decision on the appeal, which %(decision)s the determination, was given to both "
                  "parties on %(date)s: the result stated in that decision is final")
                % {"decision": changed[-1].get_decision_display().lower(), "date": released.isoformat()},
            )
        return Finality(
            final_on,
            _("the written decision on the appeal was given to both parties on %(date)s")
            % {"date": released.isoformat()},
        )
    if today < window_over_on:
        return Finality(
            None,
            _("the appeal window is open until %(date)s; without an appeal it becomes final on %(final)s")
            % {"date": determination.appeal_deadline.isoformat(), "final": window_over_on.isoformat()},
        )
    return Finality(
        window_over_on,
        _("no appeal was filed by %(date)s, the last day of the appeal window")
        % {"date": determination.appeal_deadline.isoformat()},
    )


def case_is_final(case: Case, today: datetime.date | None = None) -> bool:
    """The case's determination is final today (its appeal window shown as over)."""
    if case.status != Case.Status.APPEAL_WINDOW:
        return False
    determination = Determination.objects.filter(case=case).first()
    if determination is None:
        return False
    today = today or timezone.localdate()
    finality = determination_finality(determination=determination, today=today)
    return finality.final_on is not None and finality.final_on <= today


def remand_refusal(case: Case) -> str | None:
    """Why a case at the appeal stage may not go back to the hearing stage (None when it may, or
    when the case is not at the appeal stage)."""
    if case.status != Case.Status.APPEAL_WINDOW:
        return None
    remanded = Appeal.objects.filter(
        case=case, dismissal__isnull=True, decision=Appeal.Decision.REMANDED, released_at__isnull=False
    ).exists()
    if not remanded or Determination.objects.filter(case=case, released_at__isnull=False).exists():
        return _(
            "34 CFR 106.45(b)(8): a case at the appeal stage returns to the hearing stage only when the written "
            "decision remanding it for a new hearing was given to both parties."
        )
    return None


def last_remand_released_at(case: Case):
    """When the last remand for a new hearing was given to the parties (None without one)."""
    return (
        Appeal.objects.filter(case=case, decision=Appeal.Decision.REMANDED, released_at__isnull=False)
        .order_by("-released_at")
        .values_list("released_at", flat=True)
        .first()
    )
