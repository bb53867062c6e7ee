"""The Clery Act classification of a case or of a report, recorded at triage (issue 17).

One row per case and one per report not (yet) in a case, editable later; pghistory
keeps every version, so a reclassification after triage is visible in the history.
The annual statistics (cases.statistics) count these rows: a case's row counts the
incident, a report's row counts only while the report is in no case.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from idhr_portal.constraints import ConstraintFieldsMixin

from .case import Case


class CleryOffense(models.TextChoices):
    # 34 CFR 668.46(c)(1): sex offenses, and the VAWA offenses (c)(1)(iv).
    RAPE = "rape", _("Rape")
    FONDLING = "fondling", _("Fondling")
    INCEST = "incest", _("Incest")
    STATUTORY_RAPE = "statutory_rape", _("Statutory rape")
    DATING_VIOLENCE = "dating_violence", _("Dating violence")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Domestic violence")
    STALKING = "stalking", _("Stalking")
    # Offenses counted only as hate crimes (668.46(c)(1)(iii)).
    SIMPLE_ASSAULT = "simple_assault", _("Simple assault (hate crime only)")
    INTIMIDATION = "intimidation", _("Intimidation (hate crime only)")
    NOT_CLERY = "none", _("No Clery Act crime")


class CleryGeography(models.TextChoices):
    # 34 CFR 668.46(c)(4): on campus, with on-campus student housing facilities as a subset
    # of it (CleryClassification.student_housing); non-campus; public property.
    ON_CAMPUS = "on_campus", _("On campus")
    NON_CAMPUS = "non_campus", _("Non-campus building or property")
    PUBLIC_PROPERTY = "public_property", _("Public property")
    OUTSIDE = "outside", _("Outside Clery geography")


class HateBias(models.TextChoices):
    NONE = "", _("Not a hate crime")
    RACE = "race", _("Race")
    RELIGION = "religion", _("Religion")
    GENDER = "gender", _("Gender")
    GENDER_IDENTITY = "gender_identity", _("Gender identity")
    SEXUAL_ORIENTATION = "sexual_orientation", _("Sexual orientation")
    ETHNICITY = "ethnicity", _("Ethnicity")
    NATIONAL_ORIGIN = "national_origin", _("National origin")
    DISABILITY = "disability", _("Disability")


# The conduct definitions shown beside the choices: the Clery Act definitions as the
# policy (seed 003, "Nonconsensual sexual penetration/contact", "Intimate Partner
# Violence", "Stalking") sets them out.
OFFENSE_DEFINITIONS = {
    CleryOffense.RAPE: _(
        "The penetration, no matter how slight, of the vagina or anus with any body part or object, "
        "or oral penetration by a sex organ of another person, without the consent of the victim."
    ),
    CleryOffense.FONDLING: _(
        "The touching of the private body parts of another person for the purpose of sexual "
        "gratification, without the consent of the victim, including instances where the victim is "
        "incapable of giving consent because of their age or because of their temporary or permanent "
        "mental incapacity."
    ),
    CleryOffense.INCEST: _(
        "Sexual intercourse between persons who are related to each other within the degrees wherein "
        "marriage is prohibited by law."
    ),
    CleryOffense.STATUTORY_RAPE: _("Sexual intercourse with a person who is under the statutory age of consent."),
    CleryOffense.DATING_VIOLENCE: _(
        "Violence committed by a person who is or has been in a social relationship of a romantic or "
        "intimate nature with the victim. Dating violence does not include acts covered under the "
        "definition of domestic violence."
    ),
    CleryOffense.DOMESTIC_VIOLENCE: _(
        "A felony or misdemeanor crime of violence committed by a current or former spouse or intimate "
        "partner of the victim, by a person with whom the victim shares a child in common, or by a person "
        "cohabitating with the victim as a spouse or intimate partner. The relationship must be more than "
        "just two people living together as roommates."
    ),
    CleryOffense.STALKING: _(
        "Engaging in a course of conduct directed at a specific person that would cause a reasonable "
        "person to fear for their safety or the safety of others, or to suffer substantial emotional "
        "distress."
    ),
}


@pghistory.track()
class CleryClassification(ConstraintFieldsMixin, models.Model):
    # Each constraint's message beside the field it is about (idhr_portal/constraints.py).
    constraint_fields = {
        "clery_housing_is_on_campus": "geography",
        "clery_unfounded_has_reason": "unfounded_reason",
    }

    case = models.OneToOneField(
        Case,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="clery_classification",
        verbose_name=_("case"),
    )
    report = models.OneToOneField(
        "reports.Report",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="clery_classification",
        verbose_name=_("report"),
    )
    offense = models.CharField(_("Clery Act crime"), max_length=24, choices=CleryOffense.choices)
    hate_bias = models.CharField(
        _("hate crime: category of bias"), max_length=24, choices=HateBias.choices, blank=True, default=""
    )
    geography = models.CharField(_("Clery geography"), max_length=24, choices=CleryGeography.choices)
    student_housing = models.BooleanField(
        _("in an on-campus student housing facility"),
        default=False,
        help_text=_("Only for on campus: the Clery table counts these in “On campus” and again in its housing subset."),
    )
    incident_year = models.PositiveSmallIntegerField(_("calendar year of the incident"))
    unfounded = models.BooleanField(_("unfounded"), default=False)
    unfounded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unfounded decided by"),
    )
    unfounded_reason = models.TextField(_("why unfounded"), blank=True)
    classified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("classified by")
    )
    created_at = models.DateTimeField(_("classified"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("Clery Act classification")
        verbose_name_plural = _("Clery Act classifications")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(case__isnull=False) & models.Q(report__isnull=True))
                | (models.Q(case__isnull=True) & models.Q(report__isnull=False)),
                name="clery_classification_case_or_report",
                violation_error_code="clery_classification_case_or_report",
                violation_error_message=_(
                    "A Clery Act classification belongs either to a case or to a report, not to "
                    "both."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(student_housing=False) | models.Q(geography="on_campus"),
                name="clery_housing_is_on_campus",
                violation_error_code="clery_housing_is_on_campus",
                violation_error_message=_(
                    "Student housing is on campus: choose the on-campus geography for an offence in "
                    "student housing."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(unfounded=False) | ~models.Q(unfounded_reason=""),
                name="clery_unfounded_has_reason",
                violation_error_code="clery_unfounded_has_reason",
                violation_error_message=_("Give the reason the report was found unfounded."),
            ),
        ]
        indexes = [models.Index(fields=["incident_year", "offense", "geography"], name="clery_year_offense_geo")]

    def __str__(self):
        return f"{self.get_offense_display()} · {self.place_label} · {self.incident_year}"

    @property
    def place_label(self) -> str:
        if self.student_housing:
            return str(_("On campus: student housing"))
        return str(self.get_geography_display())
