"""The case itself, the reports it holds, and the vocabulary of its parts.

Business rules live in cases.services; the workflow (statuses, transitions, guards,
closed statuses) is data in cases.workflow.
"""

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases import workflow
from idhr_portal.crypto import EncryptedTextField

# One vocabulary of affiliation for the project: a party's is the same as a reporter's.
from reports.models import Affiliation  # noqa: F401  (re-exported as cases.models.Affiliation)


class ProcessTrack(models.TextChoices):
    """The four tracks of a formal complaint (policy seed 003, section I): the respondent's
    affiliation × whether the complaint is Title IX sexual harassment. Derived by
    cases.services.tracks unless set by hand with a reason. The non-Title-IX tracks keep the
    values the two tracks had before (a data migration moved Title IX cases to the new ones)."""

    UNDETERMINED = "undetermined", _("Not yet determined")
    STUDENT_TITLE_IX = "student_tix", _(
        "Student respondent, Title IX: investigation, then a hearing under the Committee on Discipline's "
        "Title IX Sexual Harassment Hearing Procedures"
    )
    STUDENT = "student_cod", _(
        "Student respondent, not Title IX: Committee on Discipline, Sexual Misconduct Hearing Procedures "
        "(Non-Title IX) or its general complaint process"
    )
    EMPLOYEE_TITLE_IX = "employee_tix", _(
        "Employee respondent, Title IX: investigation, then a hearing as the policy sets for complaints "
        "against a faculty member, staff member or postdoctoral scholar"
    )
    EMPLOYEE = "employee_pp98", _(
        "Employee respondent, not Title IX: Policies and Procedures section 9.8 complaint resolution"
    )


@pghistory.track()
class Case(models.Model):
    Status = workflow.Status
    Pathway = workflow.Pathway

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    status = models.CharField(_("status"), max_length=32, choices=Status.choices, default=Status.NEW)
    pathway = models.CharField(
        _("pathway"), max_length=32, choices=Pathway.choices, default=Pathway.UNDECIDED
    )
    # Union of the categories of the reports the case holds (Report.Category values).
    categories = ArrayField(
        models.CharField(max_length=40), verbose_name=_("categories"), default=list, blank=True
    )
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_cases",
        verbose_name=_("case manager"),
    )
    investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="investigated_cases",
        verbose_name=_("investigator"),
    )
    shared_with_brt = models.BooleanField(
        _("shared with the Bias Response Team"),
        default=False,
        help_text=_("The team sees the case read-only, without identities or narratives."),
    )
    # Process track: derived from the respondent's affiliation unless overridden with a reason.
    process_track = models.CharField(
        _("process track"), max_length=20, choices=ProcessTrack.choices, default=ProcessTrack.UNDETERMINED
    )
    process_track_overridden = models.BooleanField(_("process track set by hand"), default=False)
    process_track_reason = models.TextField(_("reason for the process track"), blank=True)
    # Title IX determination: the category plus the three jurisdiction criteria.
    title_ix_category = models.BooleanField(_("conduct is Title IX sexual harassment"), default=False)
    ti_in_program_at_filing = models.BooleanField(
        _("complainant participating in the education program at filing"), null=True, blank=True
    )
    ti_in_institute_program = models.BooleanField(
        _("occurred in a program or activity the Institute controls"), null=True, blank=True
    )
    ti_in_united_states = models.BooleanField(_("occurred in the United States"), null=True, blank=True)
    is_title_ix = models.BooleanField(_("Title IX"), default=False, editable=False)
    # The coordinator may sign a formal complaint (recorded as such) so an investigation can start.
    coordinator_signed_complaint_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("formal complaint signed by the Title IX coordinator"),
    )
    coordinator_signed_complaint_at = models.DateTimeField(
        _("coordinator signed the complaint at"), null=True, blank=True
    )
    # Deadline of the current stage (business days from settings.CASE_STAGE_TARGET_BUSINESS_DAYS).
    stage_entered_at = models.DateTimeField(_("stage entered"), auto_now_add=True)
    due_on = models.DateField(_("stage due"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Retention (cases.retention): a case on legal hold is never purged, and a database
    # trigger refuses to delete it whatever the code path.
    legal_hold = models.BooleanField(
        _("legal hold"),
        default=False,
        help_text=_("While on hold, the case and everything in it is kept past its retention period."),
    )
    legal_hold_reason = models.TextField(_("reason for the legal hold"), blank=True)
    # Records 34 CFR 106.45(b)(10)(ii) requires of every response (cases.services.workflow):
    # the basis for concluding it was not deliberately indifferent (asked when the case
    # leaves assessment), and, when a case closes with no supportive measure ever recorded,
    # why that was not clearly unreasonable. Encrypted: staff may write case facts here.
    response_basis = EncryptedTextField(
        _("basis for concluding the response was not deliberately indifferent"), blank=True
    )
    response_basis_at = models.DateTimeField(_("response basis recorded"), null=True, blank=True)
    no_measures_reason = EncryptedTextField(
        _("why no supportive measures was not clearly unreasonable"), blank=True
    )
    no_measures_reason_at = models.DateTimeField(_("no-measures reason recorded"), null=True, blank=True)
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at"]
        triggers = [
            # Legal hold stops any deletion: the purge, the ORM, raw SQL.
            pgtrigger.Protect(
                name="case_legal_hold_no_delete",
                operation=pgtrigger.Delete,
                condition=pgtrigger.Q(old__legal_hold=True),
            ),
        ]
        indexes = [
            # The case list's order (Meta.ordering, then pk): newest first, first page by index.
            models.Index(fields=["-created_at", "-id"], name="case_created_idx"),
            # Dashboard "open cases by status and pathway" and the status list filter.
            models.Index(fields=["status", "pathway"], name="case_status_pathway"),
            # Overdue: WHERE due_on < today AND status is open (dashboard, digest, filter).
            models.Index(
                fields=["due_on"],
                name="case_open_due",
                condition=~models.Q(status__in=list(workflow.CLOSED_STATUSES)),
            ),
            # "My cases" and the assignee filter (the FKs index each column on its own).
            models.Index(fields=["case_manager", "status"], name="case_manager_status"),
            models.Index(fields=["investigator", "status"], name="case_investigator_status"),
        ]
        permissions = [
            ("transition_case", _("Can move a case through its workflow")),
            ("view_case_history", _("Can view case history and access log")),
            ("sign_formal_complaint", _("Can sign a formal complaint as Title IX coordinator")),
        ]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        # Derived value kept in a column so lists can filter on it.
        self.is_title_ix = bool(
            self.title_ix_category
            and self.ti_in_program_at_filing
            and self.ti_in_institute_program
            and self.ti_in_united_states
        )
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | {"is_title_ix"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("admin:cases_case_change", args=[self.pk])

    CLOSED_STATUSES = workflow.CLOSED_STATUSES

    @property
    def is_open(self) -> bool:
        return self.status not in self.CLOSED_STATUSES


@pghistory.track()
class CaseReport(models.Model):
    """A report triaged into a case. A case holds several reports; a report joins one case.

    Intake queue = the reports with no CaseReport. The trigger below keeps
    Report.in_case equal to "has a CaseReport" (insert, re-link, delete, whoever writes:
    services, bulk loads, tests), so the queue is read through the partial index
    report_queue_idx (Report.objects.filter(in_case=False)) instead of an anti-join over
    every report (bench/README.md: the queue oldest first).
    """

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="case_reports", verbose_name=_("case")
    )
    report = models.OneToOneField(
        "reports.Report", on_delete=models.PROTECT, related_name="case_link", verbose_name=_("report")
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("triaged by")
    )
    linked_at = models.DateTimeField(_("triaged"), auto_now_add=True)

    class Meta:
        verbose_name = _("report in case")
        verbose_name_plural = _("reports in case")
        ordering = ["case", "linked_at", "pk"]
        triggers = [
            pgtrigger.Trigger(
                name="casereport_sets_report_in_case",
                operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
                when=pgtrigger.After,
                func="""
                    IF TG_OP IN ('UPDATE', 'DELETE') THEN
                        UPDATE reports_report SET in_case = false WHERE id = OLD.report_id;
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') THEN
                        UPDATE reports_report SET in_case = true WHERE id = NEW.report_id;
                    END IF;
                    RETURN NULL;
                """,
            ),
        ]

    def __str__(self):
        return str(self.report_id)
