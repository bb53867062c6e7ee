"""Case management for IDHR staff: cases, parties, pathways, measures, investigation,
outcomes, deadlines and audit.

Business rules (which transitions are allowed, their guards, deadlines) live in
services.py; the models hold data, constraints and the indexes their queries use.
History of every change is kept by PostgreSQL triggers (django-pghistory): a bulk
`queryset.update()` is recorded too. Event tables copy column values, so encrypted
columns stay ciphertext there.
"""

import pghistory
import pghistory.models
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from idhr_portal.crypto import EncryptedTextField
from reports.models import Report, ReportParty


class Affiliation(models.TextChoices):
    STUDENT = "student", _("Student")
    EMPLOYEE = "employee", _("Employee")
    OTHER = "other", _("Other / not affiliated")
    UNKNOWN = "unknown", _("Unknown")


class ProcessTrack(models.TextChoices):
    UNDETERMINED = "undetermined", _("Not yet determined")
    STUDENT = "student_cod", _("Committee on Discipline rules (student respondent)")
    EMPLOYEE = "employee_pp98", _("Policies and Procedures 9.8 (employee respondent)")


@pghistory.track()
class Case(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        OUTREACH = "outreach", _("Outreach")
        ASSESSMENT = "assessment", _("Assessment")
        CLOSED_NO_ACTION = "closed_no_action", _("Closed with no action")
        CLOSED_INFORMATION = "closed_information", _("Closed with information only")
        SUPPORTIVE_MEASURES = "supportive_measures", _("Supportive measures only")
        INFORMAL_RESOLUTION = "informal_resolution", _("Informal resolution")
        INVESTIGATION = "investigation", _("Formal investigation")
        DETERMINATION = "determination", _("Determination")
        APPEAL_WINDOW = "appeal_window", _("Appeal window")
        CLOSED = "closed", _("Closed")

    class Pathway(models.TextChoices):
        UNDECIDED = "undecided", _("Not yet decided")
        NO_ACTION = "no_action", _("No action")
        INFORMATION_ONLY = "information_only", _("Information only")
        SUPPORTIVE_MEASURES = "supportive_measures", _("Supportive measures")
        INFORMAL_RESOLUTION = "informal_resolution", _("Informal resolution")
        FORMAL_INVESTIGATION = "formal_investigation", _("Formal investigation")

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
                condition=~models.Q(status__in=["closed", "closed_no_action", "closed_information"]),
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

    CLOSED_STATUSES = frozenset({"closed", "closed_no_action", "closed_information"})

    @property
    def is_open(self) -> bool:
        return self.status not in self.CLOSED_STATUSES


@pghistory.track()
class Party(models.Model):
    class Role(models.TextChoices):
        COMPLAINANT = "complainant", _("Complainant")
        RESPONDENT = "respondent", _("Respondent")
        WITNESS = "witness", _("Witness")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties", verbose_name=_("case"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    affiliation = models.CharField(
        _("affiliation"), max_length=20, choices=Affiliation.choices, default=Affiliation.UNKNOWN
    )
    name = EncryptedTextField(_("name"), blank=True)
    email = EncryptedTextField(_("email"), blank=True)
    # Keyed blind indexes (idhr_portal.crypto.blind_index) for repeat-respondent matching.
    name_index = models.CharField(_("name index"), max_length=64, blank=True, editable=False)
    email_index = models.CharField(_("email index"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["case", "role", "pk"]
        indexes = [
            # Repeat respondent: respondents in other cases with the same name / email index.
            models.Index(
                fields=["name_index"],
                name="party_respondent_name_idx",
                condition=models.Q(role="respondent") & ~models.Q(name_index=""),
            ),
            models.Index(
                fields=["email_index"],
                name="party_respondent_email_idx",
                condition=models.Q(role="respondent") & ~models.Q(email_index=""),
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} ({self.get_affiliation_display()})"


class TransitionLog(models.Model):
    """One row per status change: who moved the case, from where to where, and why."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("case")
    )
    from_status = models.CharField(_("from"), max_length=32, choices=Case.Status.choices)
    to_status = models.CharField(_("to"), max_length=32, choices=Case.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        # The case's transitions in order (case page).
        ordering = ["case", "created_at", "pk"]

    def __str__(self):
        return f"{self.case_id}: {self.from_status} → {self.to_status}"


class TimelineEvent(models.Model):
    """The case timeline: one row per thing that happened, written by the services.

    Summaries name kinds, roles and dates — never a party's name or a narrative — so
    the Bias Response Team can read the timeline of a shared case.
    """

    class Kind(models.TextChoices):
        OPENED = "opened", _("Case opened")
        REPORT_ADDED = "report_added", _("Report added")
        TRANSITION = "transition", _("Status changed")
        PARTY = "party", _("Party")
        MEASURE = "measure", _("Supportive measure")
        INFORMAL = "informal", _("Informal resolution")
        INVESTIGATION = "investigation", _("Investigation")
        DETERMINATION = "determination", _("Determination")
        SANCTION = "sanction", _("Sanction")
        APPEAL = "appeal", _("Appeal")
        DOCUMENT = "document", _("Document")
        NOTE = "note", _("Note")
        MESSAGE = "message", _("Message to reporter")
        ASSIGNMENT = "assignment", _("Assignment")
        TRACK = "track", _("Process track")
        TITLE_IX = "title_ix", _("Title IX")
        FLAG = "flag", _("Repeat respondent")
        LEGAL_HOLD = "legal_hold", _("Legal hold")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    summary = models.CharField(_("summary"), max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline")
        ordering = ["created_at", "pk"]
        indexes = [
            # The timeline of one case, in order.
            models.Index(fields=["case", "created_at"], name="timeline_case_time"),
        ]

    def __str__(self):
        return self.summary


@pghistory.track()
class SupportiveMeasure(models.Model):
    class Kind(models.TextChoices):
        ACADEMIC = "academic_support", _("Academic support")
        HOUSING = "housing_transfer", _("Housing transfer")
        NO_CONTACT = "no_contact_order", _("No-contact order")
        CLASS_SCHEDULE = "class_schedule_change", _("Class schedule change")
        WORK_SCHEDULE = "work_schedule_change", _("Work schedule change")
        TRANSPORTATION = "transportation", _("Transportation")
        COUNSELLING = "counselling_referral", _("Counselling referral")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="measures", verbose_name=_("case"))
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="measures", verbose_name=_("for party")
    )
    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices)
    details = EncryptedTextField(_("details"), blank=True)
    requested_on = models.DateField(_("requested"))
    effective_on = models.DateField(_("in effect from"), null=True, blank=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    notice_text = EncryptedTextField(_("written notice"), blank=True)
    notice_generated_at = models.DateTimeField(_("notice generated"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("supportive measure")
        verbose_name_plural = _("supportive measures")
        ordering = ["case", "requested_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_on__isnull=True)
                | models.Q(effective_on__gte=models.F("requested_on")),
                name="measure_effective_after_request",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | (models.Q(effective_on__isnull=False) & models.Q(ended_on__gte=models.F("effective_on"))),
                name="measure_ends_after_effect",
            ),
        ]

    def __str__(self):
        return self.get_kind_display()

    @property
    def state_label(self) -> str:
        if self.ended_on:
            return _("Ended")
        if self.effective_on:
            return _("In effect")
        return _("Requested")


class CaseDocument(models.Model):
    """A file staff attach to a case, encrypted on disk (EncryptedFileStore("cases"))."""

    class Kind(models.TextChoices):
        INVESTIGATOR_REPORT = "investigator_report", _("Investigator's report")
        EVIDENCE = "evidence", _("Evidence")
        CONSENT = "consent", _("Written consent")
        NOTICE = "notice", _("Notice")
        AGREEMENT = "agreement", _("Agreement")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    filename = EncryptedTextField(_("file name"))
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    stored_name = models.CharField(_("stored as"), max_length=100, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["case", "uploaded_at", "pk"]
        indexes = [
            # Guard "a determination needs an investigator's report": EXISTS (case, kind).
            models.Index(fields=["case", "kind"], name="casedocument_case_kind"),
        ]

    def __str__(self):
        return self.get_kind_display()

    def get_download_url(self):
        return reverse("admin:cases_case_document", args=[self.case_id, self.pk])


@pghistory.track()
class CaseNote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes", verbose_name=_("case"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    body = EncryptedTextField(_("note"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["case", "created_at", "pk"]

    def __str__(self):
        return str(_("Note"))


@pghistory.track()
class InformalResolution(models.Model):
    class Kind(models.TextChoices):
        MEDIATION = "mediation", _("Mediation")
        FACILITATED_DIALOGUE = "facilitated_dialogue", _("Facilitated dialogue")
        OTHER = "other", _("Other")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("In progress")
        RESOLVED = "resolved", _("Resolved by agreement")
        FAILED = "failed", _("Failed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="informal_resolutions", verbose_name=_("case")
    )
    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices)
    agreement_text = EncryptedTextField(_("agreement"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    started_on = models.DateField(_("started"), null=True, blank=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("informal resolution")
        verbose_name_plural = _("informal resolutions")
        ordering = ["case", "created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_outcome_display()})"


@pghistory.track()
class ConsentRecord(models.Model):
    """A party's written, voluntary consent to an informal resolution."""

    informal_resolution = models.ForeignKey(
        InformalResolution,
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("informal resolution"),
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="consents", verbose_name=_("party")
    )
    consented_on = models.DateField(_("consented on"))
    in_writing = models.BooleanField(_("given in writing"), default=False)
    voluntary = models.BooleanField(_("stated as voluntary"), default=False)
    document = models.ForeignKey(
        CaseDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed form"),
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        constraints = [
            # One consent per party per informal resolution.
            models.UniqueConstraint(fields=["informal_resolution", "party"], name="consent_once_per_party"),
        ]

    def __str__(self):
        return str(_("Consent of %(party)s") % {"party": self.party})


@pghistory.track()
class Investigation(models.Model):
    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="investigation", verbose_name=_("case")
    )
    investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("investigator"),
    )
    notice_of_allegations_on = models.DateField(_("notice of allegations sent"), null=True, blank=True)
    started_on = models.DateField(_("started"), null=True, blank=True)
    report_document = models.ForeignKey(
        CaseDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("investigator's report"),
    )

    class Meta:
        verbose_name = _("investigation")
        verbose_name_plural = _("investigations")

    def __str__(self):
        return str(_("Investigation of %(case)s") % {"case": self.case_id})


class Interview(models.Model):
    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="interviews", verbose_name=_("investigation")
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("party")
    )
    interviewed_on = models.DateField(_("date"))
    summary = EncryptedTextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["investigation", "interviewed_on", "pk"]

    def __str__(self):
        return str(_("Interview on %(date)s") % {"date": self.interviewed_on})


class Evidence(models.Model):
    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("investigation")
    )
    description = EncryptedTextField(_("description"))
    document = models.ForeignKey(
        CaseDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document"),
    )
    received_on = models.DateField(_("received"))

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["investigation", "received_on", "pk"]

    def __str__(self):
        return str(_("Evidence received %(date)s") % {"date": self.received_on})


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
    decided_on = models.DateField(_("decided"))
    appeal_deadline = models.DateField(_("appeal deadline"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("determination")
        verbose_name_plural = _("determinations")

    def __str__(self):
        return self.get_outcome_display()


@pghistory.track()
class Sanction(models.Model):
    class Kind(models.TextChoices):
        WARNING = "warning", _("Warning")
        PROBATION = "probation", _("Probation")
        SUSPENSION = "suspension", _("Suspension")
        EXPULSION = "expulsion", _("Expulsion")
        DEGREE_REVOCATION = "degree_revocation", _("Degree revocation")

    determination = models.ForeignKey(
        Determination, on_delete=models.CASCADE, related_name="sanctions", verbose_name=_("determination")
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="sanctions", verbose_name=_("respondent")
    )
    kind = models.CharField(_("sanction"), max_length=24, choices=Kind.choices)
    details = EncryptedTextField(_("details"), blank=True)
    effective_on = models.DateField(_("effective"), null=True, blank=True)

    class Meta:
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")

    def __str__(self):
        return self.get_kind_display()


@pghistory.track()
class Appeal(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        UPHELD = "upheld", _("Determination upheld")
        MODIFIED = "modified", _("Determination modified")
        OVERTURNED = "overturned", _("Determination overturned")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="appeals", verbose_name=_("case"))
    filed_by = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("filed by")
    )
    filed_on = models.DateField(_("filed"))
    grounds = EncryptedTextField(_("grounds"), blank=True)
    decision = models.CharField(
        _("decision"), max_length=16, choices=Decision.choices, default=Decision.PENDING
    )
    decided_on = models.DateField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["case", "filed_on", "pk"]

    def __str__(self):
        return self.get_decision_display()


class AccessLog(models.Model):
    """Every admin read of a case, a report or a document: who, what, when."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        DOWNLOAD = "download", _("Downloaded")
        EXPORT = "export", _("Exported")
        HISTORY = "history", _("Viewed history")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("who")
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=40)
    object_id = models.CharField(_("object id"), max_length=40)
    object_ref = models.CharField(_("reference"), max_length=40, blank=True)
    # Exports only: whether party names and email addresses were in the file.
    with_identities = models.BooleanField(_("identities included"), default=False)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # "Who looked at this case?" (access log filtered by object).
            models.Index(fields=["object_type", "object_id", "created_at"], name="accesslog_object"),
        ]

    def __str__(self):
        return f"{self.user_id} {self.action} {self.object_type}:{self.object_id}"


class CaseReport(models.Model):
    """A report triaged into a case. A case holds several reports; a report joins one case.

    Intake queue = Report.objects.filter(case_link__isnull=True).
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

    def __str__(self):
        return str(self.report_id)


class PurgeLog(models.Model):
    """One run of the retention purge (cases.retention): counts only.

    No reference, name, date of a case or content is kept here: only how many rows of
    each kind and how many files went, and the retention policy in force.
    """

    class Trigger(models.TextChoices):
        COMMAND = "command", _("Management command")
        SCHEDULE = "schedule", _("Monthly schedule")

    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), auto_now_add=True)
    trigger = models.CharField(_("started by"), max_length=16, choices=Trigger.choices)
    cases = models.PositiveIntegerField(_("cases purged"), default=0)
    reports = models.PositiveIntegerField(_("reports purged"), default=0)
    files = models.PositiveIntegerField(_("files deleted"), default=0)
    held_cases = models.PositiveIntegerField(_("expired cases kept on legal hold"), default=0)
    failures = models.PositiveIntegerField(_("cases or reports that could not be purged"), default=0)
    # {"cases.party": 3, "reports.reportermessage": 5, ...}: rows deleted per table.
    counts = models.JSONField(_("rows deleted per kind"), default=dict)
    # The RETENTION_YEARS in force for this run.
    policy = models.JSONField(_("retention policy (years)"), default=dict)

    class Meta:
        verbose_name = _("purge log entry")
        verbose_name_plural = _("purge log")
        ordering = ["-finished_at", "-pk"]

    def __str__(self):
        return str(_("Purge of %(when)s") % {"when": self.finished_at})


# --- History of the intake records, kept from this side -----------------------------------
# Proxies of reports' models carry the pghistory triggers so that the trigger and event
# migrations live in this app and reports never depends on cases.



@pghistory.track(model_name="ReportEvent")
class ReportHistoryProxy(Report):
    class Meta:
        proxy = True
        verbose_name = _("report (history)")


@pghistory.track(model_name="ReportPartyEvent")
class ReportPartyHistoryProxy(ReportParty):
    class Meta:
        proxy = True
        verbose_name = _("person named in a report (history)")


class CaseHistoryEvent(pghistory.models.Events):
    """Every tracked change across the event tables, for the coordinator's read-only history."""

    class Meta:
        proxy = True
        verbose_name = _("history event")
        verbose_name_plural = _("history")
