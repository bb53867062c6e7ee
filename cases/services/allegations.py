"""Allegations of a formal complaint, as the notices state them (34 CFR 106.45(b)(2)).

An allegation recorded after the notice of allegations was prepared is marked
supplemental: 106.45(b)(2)(ii) asks for a further notice of it to the parties
(the case page's "Prepare a supplemental notice").
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

from ..models import Allegation, Letter, LetterKind, Party, TimelineEvent
from .audit import audited, ensure_editable, timeline_event


@audited
def allegation_add(
    *,
    case,
    respondent: Party,
    conduct: str,
    policy_provision: str,
    actor,
    complainant: Party | None = None,
    occurred_on: datetime.date | None = None,
    occurred_on_note: str = "",
    place: str = "",
) -> Allegation:
    ensure_editable(actor, case)
    errors = {}
    if respondent.case_id != case.pk or respondent.role != Party.Role.RESPONDENT:
        errors["respondent"] = _("Choose a respondent of this case.")
    if complainant is not None and (complainant.case_id != case.pk or complainant.role != Party.Role.COMPLAINANT):
        errors["complainant"] = _("Choose a complainant of this case.")
    if not conduct.strip():
        errors["conduct"] = _("Describe the alleged conduct.")
    if not policy_provision.strip():
        errors["policy_provision"] = _("Name the policy provision the conduct would violate.")
    if errors:
        raise ValidationError(errors)
    case.__class__.objects.select_for_update().filter(pk=case.pk).first()  # numbers are given one at a time
    number = (Allegation.objects.filter(case=case).aggregate(n=Max("number"))["n"] or 0) + 1
    supplemental = Letter.objects.filter(case=case, kind=LetterKind.ALLEGATIONS).exists()
    allegation = Allegation.objects.create(
        case=case,
        number=number,
        respondent=respondent,
        complainant=complainant,
        conduct=conduct.strip(),
        policy_provision=policy_provision.strip(),
        occurred_on=occurred_on,
        occurred_on_note=occurred_on_note.strip(),
        place=place.strip(),
        supplemental=supplemental,
        added_by=actor,
    )
    timeline_event(
        case,
        TimelineEvent.Kind.LETTER,
        (_("Allegation %(n)s added after the notice of allegations: a supplemental notice is due")
         if supplemental else _("Allegation %(n)s recorded")) % {"n": number},
        actor,
    )
    return allegation
