"""Supportive measures and their written notices.

The notice says what the measure is (its type and details), whom it covers (the party)
and from when (the date it takes effect), with the services available to the party.
`supportive_measure_letter_prepare` makes it a letter from the coordinator's template.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.selectors.resources import resources_for_party

from ..models import SupportiveMeasure, TimelineEvent
from .audit import audited, ensure_editable, timeline_event


@audited
def supportive_measure_save(*, measure: SupportiveMeasure, actor) -> SupportiveMeasure:
    """Record or update a supportive measure (any time while the case is open)."""
    case = measure.case
    ensure_editable(actor, case)
    if not case.is_open:
        raise ValidationError(_("Supportive measures are recorded while a case is open."))
    if measure.party_id and measure.party.case_id != case.pk:
        raise ValidationError({"party": _("Choose a party of this case.")})
    created = measure.pk is None
    if created:
        measure.created_by = actor
    measure.full_clean(exclude=["created_by", "notice_text"])
    measure.save()
    timeline_event(
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
    resources = resources_for_party(affiliation=measure.party.affiliation)
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


@audited
def supportive_measure_notice_generate(*, measure: SupportiveMeasure, actor) -> SupportiveMeasure:
    """The written notice of a measure, listing the directory's resources for the party."""
    measure.notice_text = supportive_measure_notice_render(measure=measure)
    measure.notice_generated_at = timezone.now()
    measure.save(update_fields=["notice_text", "notice_generated_at"])
    timeline_event(
        measure.case,
        TimelineEvent.Kind.MEASURE,
        _("Written notice of %(kind)s generated") % {"kind": measure.get_kind_display()},
        actor,
    )
    return measure


@audited
def supportive_measure_letter_prepare(*, measure: SupportiveMeasure, actor):
    """The measure's notice as a letter (template `supportive_measure`) to the party it covers."""
    from ..models import LetterKind
    from .letters import letter_prepare

    return letter_prepare(
        case=measure.case,
        kind=LetterKind.SUPPORTIVE_MEASURE,
        recipients=[measure.party],
        actor=actor,
        extra={"measure": measure},
        regarding=f"cases.supportivemeasure:{measure.pk}",
    )[0]
