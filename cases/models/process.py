"""The formal process's allegations and clocks.

An allegation is one alleged act of the respondent, as notices and the determination
state it (34 CFR 106.45(b)(2)(i)(B), (b)(7)(ii)). A deadline is one clock of the
process: its basis (the regulation's paragraph or the policy), the event that started
it, its length in calendar or business days, and whether it may be extended; an
extension needs good cause and a reason (106.45(b)(1)(v)). The rules are in
cases.services.deadlines.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from idhr_portal.constraints import ConstraintFieldsMixin
from idhr_portal.crypto import EncryptedTextField

from .case import Case
from .parties import Party


@pghistory.track()
class Allegation(ConstraintFieldsMixin, models.Model):
    # Each constraint's message beside the field it is about (idhr_portal/constraints.py).
    constraint_fields = {
        "allegation_number_per_case": "number",
    }

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="allegations", verbose_name=_("case"))
    number = models.PositiveSmallIntegerField(_("number"))
    respondent = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="allegations_against", verbose_name=_("respondent")
    )
    complainant = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allegations_by",
        verbose_name=_("complainant"),
    )
    conduct = EncryptedTextField(_("alleged conduct"))
    policy_provision = models.CharField(
        _("policy provision"), max_length=200, help_text=_("The section of the policy the conduct would violate.")
    )
    occurred_on = models.DateField(_("date of the incident"), null=True, blank=True)
    occurred_on_note = models.CharField(
        _("date as known"), max_length=100, blank=True, help_text=_("When the exact date is not known.")
    )
    place = EncryptedTextField(_("place"), blank=True)
    # Added after the first notice of allegations went out: needs a supplemental notice.
    supplemental = models.BooleanField(_("added after the notice of allegations"), default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("added by")
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("allegation")
        verbose_name_plural = _("allegations")
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="allegation_number_per_case",
                violation_error_code="allegation_number_per_case",
                violation_error_message=_("This case already has an allegation with this number."),
            ),
        ]

    def __str__(self):
        return str(_("Allegation %(n)s") % {"n": self.number})


class DeadlineKind(models.TextChoices):
    EVIDENCE_RESPONSE = "evidence_response", _("Written response to the evidence")
    REPORT_BEFORE_HEARING = "report_before_hearing", _("Investigation report before the hearing")
    MEETING_NOTICE = "meeting_notice", _("Notice before an interview, meeting or hearing")
    APPEAL_FILING = "appeal_filing", _("Appeal window")
    APPEAL_STATEMENT = "appeal_statement", _("Written statement on an appeal")
    LETTER_FOLLOW_UP = "letter_follow_up", _("Follow up an unopened letter")
    TRACK_STEP = "track_step", _("Step of the process track")
    OTHER = "other", _("Other")


@pghistory.track()
class CaseDeadline(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Open")
        MET = "met", _("Met")
        MISSED = "missed", _("Passed")
        CANCELLED = "cancelled", _("No longer needed")

    Kind = DeadlineKind

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=32, choices=DeadlineKind.choices)
    label = models.CharField(_("what is due"), max_length=200)
    basis = models.CharField(
        _("basis"), max_length=200, help_text=_("The regulation's paragraph or the policy that sets this clock.")
    )
    start_event = models.CharField(_("started by"), max_length=200)
    starts_on = models.DateField(_("starts"))
    length_days = models.PositiveSmallIntegerField(_("length (days)"))
    business_days = models.BooleanField(_("business days"), default=False)
    due_on = models.DateField(_("due"))
    extendable = models.BooleanField(_("may be extended"), default=True)
    for_whom = models.CharField(_("for whom"), max_length=100, help_text=_("Who must act by the due date."))
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="deadlines", verbose_name=_("party")
    )
    # What the clock belongs to, as "app_label.model:pk" (an evidence review, an appeal...).
    regarding = models.CharField(_("regarding"), max_length=64, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.OPEN)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(_("set"), auto_now_add=True)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["case", "due_on", "pk"]
        indexes = [
            # Dashboard and digest: open deadlines by due date.
            models.Index(fields=["due_on"], name="deadline_open_due", condition=models.Q(state="open")),
        ]

    def __str__(self):
        return f"{self.label} ({self.due_on})"


@pghistory.track()
class DeadlineExtension(models.Model):
    class Cause(models.TextChoices):
        # 34 CFR 106.45(b)(1)(v): examples of good cause the regulation names.
        ABSENCE = "absence", _("Absence of a party, a party's advisor or a witness")
        LAW_ENFORCEMENT = "law_enforcement", _("Concurrent law enforcement activity")
        LANGUAGE_OR_DISABILITY = (
            "language_or_disability",
            _("Need for language assistance or accommodation of disabilities"),
        )
        OTHER = "other", _("Other good cause (explained in the reason)")

    deadline = models.ForeignKey(
        CaseDeadline, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("deadline")
    )
    previous_due_on = models.DateField(_("was due"))
    new_due_on = models.DateField(_("now due"))
    cause = models.CharField(_("good cause"), max_length=32, choices=Cause.choices)
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("granted by")
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["deadline", "granted_at", "pk"]

    def __str__(self):
        return f"{self.previous_due_on} → {self.new_due_on}"
