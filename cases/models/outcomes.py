"""Outcomes of a formal process: dismissal, determination with its findings, sanctions, appeals.

34 CFR 106.45(b)(3) dismissal, (b)(7) written determination, (b)(8) appeals. The rules are
in cases.services.outcomes, cases.services.appeals and cases.services.dismissal. The names
letter templates use (determination.findings, .sanctions,
dismissal.continues_on_track, appeal.get_basis_display...) are defined here.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from idhr_portal.constraints import ConstraintFieldsMixin
from idhr_portal.crypto import EncryptedTextField

from .case import Case, ProcessTrack
from .documents import CaseDocument
from .parties import Party
from .process import Allegation


class Rows(list):
    """A list a template can loop over as `x.rows` or `x.rows.all` alike."""

    def all(self):
        return self


@pghistory.track()
class Dismissal(models.Model):
    """The Title IX part of a formal complaint dismissed (106.45(b)(3))."""

    class Ground(models.TextChoices):
        # (b)(3)(i): mandatory
        NOT_SEXUAL_HARASSMENT = "not_sexual_harassment", _(
            "Mandatory: the conduct would not be Title IX sexual harassment even if proved"
        )
        NOT_IN_PROGRAM = "not_in_program", _(
            "Mandatory: the conduct did not occur in the Institute's education program or activity"
        )
        NOT_IN_UNITED_STATES = "not_in_united_states", _(
            "Mandatory: the conduct did not occur against a person in the United States"
        )
        # (b)(3)(ii): discretionary, the Title IX coordinator only
        WITHDRAWN = "withdrawn", _(
            "Discretionary: the complainant withdrew the formal complaint or allegations in writing"
        )
        RESPONDENT_LEFT = "respondent_left", _(
            "Discretionary: the respondent is no longer enrolled or employed by the Institute"
        )
        NO_EVIDENCE = "no_evidence", _(
            "Discretionary: specific circumstances prevent gathering evidence sufficient to reach a determination"
        )

    MANDATORY = (Ground.NOT_SEXUAL_HARASSMENT, Ground.NOT_IN_PROGRAM, Ground.NOT_IN_UNITED_STATES)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="dismissals", verbose_name=_("case"))
    ground = models.CharField(_("ground"), max_length=32, choices=Ground.choices)
    reason = EncryptedTextField(_("reason"))
    dismissed_on = models.DateField(_("dismissed"))
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("dismissed by")
    )
    # The non-Title-IX track the complaint continues on ("" when the case closed instead).
    continues_track = models.CharField(
        _("continues on track"), max_length=20, choices=ProcessTrack.choices, blank=True
    )
    appeal_deadline = models.DateField(_("appeal deadline"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("dismissal")
        verbose_name_plural = _("dismissals")
        ordering = ["case", "dismissed_on", "pk"]

    def __str__(self):
        return self.get_ground_display()

    @property
    def is_mandatory(self) -> bool:
        return self.ground in self.MANDATORY

    @property
    def continues_on_track(self) -> str:
        """The label of the track the complaint continues on, or "" (letter templates)."""
        return str(ProcessTrack(self.continues_track).label) if self.continues_track else ""


@pghistory.track()
class Determination(models.Model):
    class Outcome(models.TextChoices):
        RESPONSIBLE = "responsible", _("Responsible")
        NOT_RESPONSIBLE = "not_responsible", _("Not responsible")

    class Standard(models.TextChoices):
        PREPONDERANCE = "preponderance", _("Preponderance of the evidence")
        CLEAR_AND_CONVINCING = "clear_and_convincing", _("Clear and convincing evidence")

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="determination", verbose_name=_("case")
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    standard_of_evidence = models.CharField(
        _("standard of evidence"), max_length=24, choices=Standard.choices, default=Standard.PREPONDERANCE
    )
    rationale = EncryptedTextField(_("rationale"), blank=True)
    remedies_provided = models.BooleanField(_("remedies provided to the complainant"), default=False)
    remedies_description = EncryptedTextField(_("remedies"), blank=True)
    decided_on = models.DateField(_("decided"))
    appeal_deadline = models.DateField(_("appeal deadline"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    # Released: the outcome letters to both parties prepared in one batch, at one moment.
    released_at = models.DateTimeField(_("released to both parties"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("released by"),
    )

    class Meta:
        verbose_name = _("determination")
        verbose_name_plural = _("determinations")

    def __str__(self):
        return self.get_outcome_display()

    # --- what the outcome letter reads (templates/cases/letters/outcome.html)
    @property
    def findings(self) -> Rows:
        return Rows(self.finding_rows.select_related("allegation").order_by("allegation__number", "pk"))

    @property
    def sanctions(self) -> Rows:
        return Rows(self.sanction_rows.select_related("party").order_by("pk"))


@pghistory.track()
class Finding(ConstraintFieldsMixin, models.Model):
    # Each constraint's message beside the field it is about (idhr_portal/constraints.py).
    constraint_fields = {
        "finding_once_per_allegation": "allegation",
    }

    """The decision-maker's finding on one allegation (106.45(b)(7)(ii)(C)–(E))."""

    class Result(models.TextChoices):
        RESPONSIBLE = "responsible", _("Responsible")
        NOT_RESPONSIBLE = "not_responsible", _("Not responsible")

    determination = models.ForeignKey(
        Determination, on_delete=models.CASCADE, related_name="finding_rows", verbose_name=_("determination")
    )
    allegation = models.ForeignKey(
        Allegation, on_delete=models.PROTECT, related_name="findings", verbose_name=_("allegation")
    )
    findings_of_fact = EncryptedTextField(_("findings of fact"))
    policy_provision = models.CharField(_("policy provision applied"), max_length=200)
    result = models.CharField(_("result"), max_length=20, choices=Result.choices)
    rationale = EncryptedTextField(_("rationale"))

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["determination", "allegation__number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["determination", "allegation"], name="finding_once_per_allegation",
                violation_error_code="finding_once_per_allegation",
                violation_error_message=_(
                    "A finding on this allegation is already recorded: correct that finding "
                    "instead."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.allegation}: {self.get_result_display()}"


@pghistory.track()
class SanctionOption(models.Model):
    """A sanction the decision-maker may choose, per kind of respondent.

    Students: the list the policy names (seed 003, section I). Employees: the seeds list
    none; the coordinator keeps this list (seeded with a plain default that says so).
    """

    class Respondent(models.TextChoices):
        STUDENT = "student", _("Student respondent")
        EMPLOYEE = "employee", _("Employee respondent")

    respondent = models.CharField(_("for"), max_length=10, choices=Respondent.choices)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("sanction"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("sanction option")
        verbose_name_plural = _("sanction options")
        ordering = ["respondent", "order", "pk"]

    def __str__(self):
        return self.label


@pghistory.track()
class Sanction(models.Model):
    determination = models.ForeignKey(
        Determination, on_delete=models.CASCADE, related_name="sanction_rows", verbose_name=_("determination")
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="sanctions", verbose_name=_("respondent")
    )
    # The code of a SanctionOption (the student codes are the ones this column held before).
    kind = models.CharField(_("sanction"), max_length=40)
    details = EncryptedTextField(_("details"), blank=True)
    effective_on = models.DateField(_("effective"), null=True, blank=True)

    class Meta:
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")

    def __str__(self):
        return self.get_kind_display()

    def get_kind_display(self) -> str:
        label = SanctionOption.objects.filter(code=self.kind).values_list("label", flat=True).first()
        return label or self.kind


@pghistory.track()
class AppealBasis(models.Model):
    """A basis of appeal, equally available to both parties (106.45(b)(8)(i)–(ii)).

    The regulation's three are seeded and marked as such; the office may add others.
    """

    label = models.CharField(_("basis"), max_length=300)
    regulation = models.CharField(
        _("regulation paragraph"), max_length=40, blank=True, help_text=_("Empty for a basis the office added.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("appeal basis")
        verbose_name_plural = _("appeal bases")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label


@pghistory.track()
class Appeal(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        UPHELD = "upheld", _("Upheld")
        MODIFIED = "modified", _("Modified")
        OVERTURNED = "overturned", _("Overturned")
        # Sent back for a new hearing: the determination is set aside, not final; the case
        # returns to the hearing stage (cases.services.appeals.appeal_release).
        REMANDED = "remanded", _("Remanded for a new hearing")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="appeals", verbose_name=_("case"))
    # Of the determination, or of a dismissal when this is set.
    dismissal = models.ForeignKey(
        Dismissal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals",
        verbose_name=_("appeal of the dismissal"),
    )
    filed_by = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("filed by")
    )
    filed_on = models.DateField(_("filed"))
    basis = models.ForeignKey(
        AppealBasis, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("basis")
    )
    # Every basis the party chose (`basis` is the first of them, kept for the staff forms).
    bases = models.ManyToManyField(AppealBasis, blank=True, related_name="+", verbose_name=_("bases"))
    grounds = EncryptedTextField(_("grounds"), blank=True)
    decision = models.CharField(
        _("decision"), max_length=16, choices=Decision.choices, default=Decision.PENDING
    )
    rationale = EncryptedTextField(_("rationale"), blank=True)
    # A decision that modifies or overturns states the result that now stands (per allegation,
    # with any sanction or remedy changed): it is what becomes final, and what the letter says.
    result_after_appeal = EncryptedTextField(
        _("result after the appeal"),
        blank=True,
        help_text=_("When the decision modifies or overturns: the result that now stands for each allegation, "
                    "and any sanction or remedy changed."),
    )
    decided_on = models.DateField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    released_at = models.DateTimeField(_("decision released to both parties"), null=True, blank=True)

    @property
    def changes_result(self) -> bool:
        return self.decision in (self.Decision.MODIFIED, self.Decision.OVERTURNED)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["case", "filed_on", "pk"]

    def __str__(self):
        return self.get_decision_display()

    @property
    def basis_labels(self) -> list[str]:
        """Every basis the party chose, in the table's order (the first alone for a record
        made before `bases` existed)."""
        labels = [basis.label for basis in sorted(self.bases.all(), key=lambda b: (b.order, b.pk))]
        if not labels and self.basis_id:
            labels = [self.basis.label]
        return labels

    def get_basis_display(self) -> str:
        """Every basis chosen, one after the other ("; "): letters and pages show them all."""
        return "; ".join(self.basis_labels)

    @property
    def of_label(self) -> str:
        return str(_("the dismissal") if self.dismissal_id else _("the determination"))


@pghistory.track()
class AppealStatement(models.Model):
    """A party's written statement supporting or challenging the outcome (106.45(b)(8)(iii)(D))."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="statements", verbose_name=_("appeal"))
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("party"))
    document = models.ForeignKey(
        CaseDocument, on_delete=models.PROTECT, related_name="+", verbose_name=_("statement")
    )
    submitted_on = models.DateField(_("submitted"))
    # Staff recording it (recorded_by), or the party or their advisor in the portal (submitted_by).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    submitted_by = models.ForeignKey(
        Party,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted in the portal by"),
    )

    class Meta:
        verbose_name = _("written statement on an appeal")
        verbose_name_plural = _("written statements on appeals")
        ordering = ["appeal", "submitted_on", "pk"]

    def __str__(self):
        return f"{self.party.get_role_display()} · {self.submitted_on}"
