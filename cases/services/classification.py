"""Record or change the Clery Act classification of a case or a report (issue 17)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from idhr_portal.roles import user_is_intake_staff

from ..models.classification import CleryClassification, CleryGeography, CleryOffense, HateBias

HATE_ONLY = {CleryOffense.SIMPLE_ASSAULT, CleryOffense.INTIMIDATION}


@transaction.atomic
def clery_classification_save(
    *,
    actor,
    offense: str,
    geography: str,
    incident_year: int,
    case=None,
    report=None,
    hate_bias: str = "",
    student_housing: bool = False,
    unfounded: bool = False,
    unfounded_reason: str = "",
    instance: CleryClassification | None = None,
) -> CleryClassification:
    """Create or update the one classification of `case` or `report`; history keeps every version."""
    if not user_is_intake_staff(actor):
        raise PermissionDenied
    if (case is None) == (report is None):
        raise ValidationError(_("Classify either a case or a report."))
    errors = {}
    if offense in HATE_ONLY and not hate_bias:
        errors["hate_bias"] = _("Simple assault and intimidation are counted only as hate crimes: choose the bias.")
    if hate_bias and hate_bias not in HateBias.values:
        errors["hate_bias"] = _("Choose a category of bias.")
    if student_housing and geography != CleryGeography.ON_CAMPUS:
        errors["student_housing"] = _("Student housing is part of on campus: choose “On campus” as the geography.")
    if unfounded and not unfounded_reason.strip():
        errors["unfounded_reason"] = _("Say why the report was found unfounded.")
    if not 1900 <= int(incident_year) <= 2100:
        errors["incident_year"] = _("Give the calendar year of the incident.")
    if errors:
        raise ValidationError(errors)
    if instance is None:
        instance = CleryClassification.objects.filter(case=case, report=report).first() or CleryClassification(
            case=case, report=report, classified_by=actor
        )
    newly_unfounded = unfounded and not instance.unfounded
    instance.offense, instance.geography, instance.incident_year = offense, geography, int(incident_year)
    instance.hate_bias = hate_bias
    instance.student_housing = bool(student_housing)
    instance.unfounded = unfounded
    instance.unfounded_reason = unfounded_reason.strip() if unfounded else ""
    if newly_unfounded:
        instance.unfounded_by = actor
    elif not unfounded:
        instance.unfounded_by = None
    instance.full_clean(exclude=["classified_by", "unfounded_by"])
    instance.save()
    return instance


def clery_classification_follow_report(*, case, report) -> None:
    """A report classified before triage, then added to a case: its classification becomes the
    case's (the statistics count a case's classification, and a report's only while it is in
    no case), unless the case is classified already. History keeps the move."""
    if CleryClassification.objects.filter(case=case).exists():
        return
    classification = CleryClassification.objects.filter(report=report).first()
    if classification is None:
        return
    classification.case, classification.report = case, None
    classification.save(update_fields=["case", "report", "updated_at"])
