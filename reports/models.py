"""Intake records: every submission is one Report row.

Sensitive values (narratives, contact details, party identities, messages,
attachment names) are EncryptedTextField columns: Fernet tokens under
FIELD_ENCRYPTION_KEYS. Optional encrypted values are stored as NULL when empty,
because an encrypted empty string is a non-empty token and could not be told
apart (or constrained) in the database.

No model here has a column for an IP address, a user agent, a session key or
the user who filed an incident report or complaint; a referral keeps its
referrer because a referral is, by design, not anonymous.

Rules live in reports/services/; models only hold data and invariants.
"""

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from idhr_portal.constraints import ConstraintFieldsMixin
from idhr_portal.crypto import EncryptedTextField


class Affiliation(models.TextChoices):
    STUDENT = "student", _("Student")
    EMPLOYEE = "employee", _("Employee (faculty or staff)")
    UNKNOWN = "unknown", _("Unknown")
    NOT_AFFILIATED = "not_affiliated", _("Not affiliated with MIT")


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_SURE = "not_sure", _("Not sure")


class Report(models.Model):
    """One submission: an incident report, a formal complaint or a referral."""

    class Kind(models.TextChoices):
        INCIDENT = "incident", _("Incident report")
        COMPLAINT = "complaint", _("Formal complaint")
        REFERRAL = "referral", _("Referral")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        UNDER_REVIEW = "under_review", _("Under review")
        CLOSED = "closed", _("Closed")

    class Category(models.TextChoices):
        DISCRIMINATION = "discrimination", _("Discrimination")
        DISCRIMINATORY_HARASSMENT = "discriminatory_harassment", _("Discriminatory harassment")
        BIAS_INCIDENT = "bias_incident", _("Bias incident")
        RACIST_CONDUCT = "racist_conduct", _("Racist conduct")
        SEXUAL_HARASSMENT = "sexual_harassment", _("Sexual harassment")
        GENDER_BASED_HARASSMENT = "gender_based_harassment", _("Gender-based harassment")
        SEXUAL_MISCONDUCT = "sexual_misconduct", _("Sexual misconduct")
        INTIMATE_PARTNER_VIOLENCE = "intimate_partner_violence", _("Intimate partner violence")
        STALKING = "stalking", _("Stalking")
        RETALIATION = "retaliation", _("Retaliation")

    # Categories that make a report a Title IX matter (alert to the coordinator).
    TITLE_IX_CATEGORIES = frozenset(
        {
            Category.SEXUAL_HARASSMENT,
            Category.GENDER_BASED_HARASSMENT,
            Category.SEXUAL_MISCONDUCT,
            Category.INTIMATE_PARTNER_VIOLENCE,
            Category.STALKING,
        }
    )

    class ProtectedBasis(models.TextChoices):
        # The protected classes of the Nondiscrimination Policy (seed 003).
        RACE = "race", _("Race")
        COLOR = "color", _("Color")
        SEX = "sex", _("Sex")
        SEXUAL_ORIENTATION = "sexual_orientation", _("Sexual orientation")
        GENDER_IDENTITY = "gender_identity", _("Gender identity")
        PREGNANCY = "pregnancy", _("Pregnancy")
        RELIGION = "religion", _("Religion")
        DISABILITY = "disability", _("Disability")
        AGE = "age", _("Age")
        GENETIC_INFORMATION = "genetic_information", _("Genetic information")
        VETERAN_STATUS = "veteran_status", _("Veteran status")
        NATIONAL_OR_ETHNIC_ORIGIN = "national_or_ethnic_origin", _("National or ethnic origin")
        OTHER = "other", _("Something else")
        NOT_SURE = "not_sure", _("Not sure")

    class Relationship(models.TextChoices):
        HARMED = "harmed", _("I am the person who was harmed")
        ON_BEHALF = "on_behalf", _("I am reporting for someone else")

    class DatePrecision(models.TextChoices):
        EXACT = "exact", _("I know the date")
        MONTH = "month", _("I know the month")
        RANGE = "range", _("I can describe roughly when")
        UNKNOWN = "unknown", _("I don't know")

    class Location(models.TextChoices):
        ON_CAMPUS = "on_campus", _("On campus")
        OFF_CAMPUS = "off_campus", _("Off campus")
        ONLINE = "online", _("Online")
        UNKNOWN = "unknown", _("Not sure")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    reference = models.CharField(_("reference"), max_length=12, unique=True)
    status = models.CharField(
        _("status shown to the reporter"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    categories = ArrayField(
        models.CharField(max_length=40, choices=Category.choices),
        verbose_name=_("categories"),
        default=list,
        blank=True,
    )
    is_title_ix = models.BooleanField(_("Title IX category"), default=False)
    protected_bases = ArrayField(
        models.CharField(max_length=40, choices=ProtectedBasis.choices),
        verbose_name=_("protected-class basis"),
        default=list,
        blank=True,
    )
    relationship = models.CharField(
        _("reporter's relationship to the incident"), max_length=16, choices=Relationship.choices, blank=True
    )

    incident_date_precision = models.CharField(
        _("how precise the date is"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.UNKNOWN,
    )
    # The exact date, or the first day of the month when only the month is known.
    incident_date = models.DateField(_("date of the incident"), null=True, blank=True)
    incident_date_text = EncryptedTextField(_("when, in the reporter's words"), null=True, blank=True)
    location_type = models.CharField(
        _("location"), max_length=16, choices=Location.choices, default=Location.UNKNOWN
    )
    location_detail = EncryptedTextField(_("description of the place"), null=True, blank=True)
    narrative = EncryptedTextField(_("what happened"))
    police_contacted = models.CharField(
        _("police contacted"), max_length=8, choices=Answer.choices, blank=True
    )

    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    reporter_name = EncryptedTextField(_("reporter's name"), null=True, blank=True)
    reporter_email = EncryptedTextField(_("reporter's email"), null=True, blank=True)
    reporter_phone = EncryptedTextField(_("reporter's phone"), null=True, blank=True)
    reporter_affiliation = models.CharField(
        _("reporter's affiliation"), max_length=16, choices=Affiliation.choices, blank=True
    )
    wants_follow_up = models.BooleanField(_("reporter asked for follow-up"), default=False)

    # HMAC-SHA256(RECEIPT_CODE_PEPPER, normalised code); the code itself is never stored.
    # The unique index serves the follow-up sign-in lookup and is also the one-time
    # token of the final submit: a second insert of the same draft fails on it.
    receipt_code_hash = models.CharField(_("receipt code (keyed hash)"), max_length=64, unique=True)

    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Whether the report is in a case (triaged). Kept by a database trigger on the case link
    # (cases.models.CaseReport), never set by the application: the intake queue is in_case=False.
    in_case = models.BooleanField(_("in a case"), default=False, db_default=False, editable=False)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        indexes = [
            # The intake queue: newest reports first, optionally by kind.
            models.Index(fields=["kind", "-created_at"], name="report_kind_created_idx"),
            models.Index(fields=["-created_at"], name="report_created_idx"),
            # The intake queue oldest first (admin ?triage=queue, My work, the queue's count):
            # only the untriaged reports, a few thousand of the hundreds of thousands.
            models.Index(fields=["created_at", "id"], condition=models.Q(in_case=False), name="report_queue_idx"),
        ]
        constraints = [
            # An anonymous report holds no contact details at all.
            models.CheckConstraint(
                condition=models.Q(is_anonymous=False)
                | models.Q(
                    reporter_name__isnull=True, reporter_email__isnull=True, reporter_phone__isnull=True
                ),
                name="report_anonymous_has_no_contact",
                violation_error_code="report_anonymous_has_no_contact",
                violation_error_message=_(
                    "An anonymous report holds no name, email address or telephone number of the "
                    "reporter."
                ),
            ),
            # Formal complaints and referrals are never anonymous.
            models.CheckConstraint(
                condition=models.Q(kind="incident") | models.Q(is_anonymous=False),
                name="report_only_incidents_anonymous",
                violation_error_code="report_only_incidents_anonymous",
                violation_error_message=_("Only a report of an incident can be made anonymously."),
            ),
        ]

    def __str__(self):
        return f"{self.reference} ({self.get_kind_display()})"

    def save(self, *args, **kwargs):
        """Never writes `in_case` back: it is the case link's trigger's, and an object read
        before triage would otherwise put the report back in the intake queue."""
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "in_case"
            ]
        super().save(*args, **kwargs)

    @property
    def category_labels(self) -> list[str]:
        return [str(self.Category(c).label) for c in self.categories if c in self.Category.values]


class ReportParty(models.Model):
    """A respondent or witness named in a report (identities encrypted)."""

    class Role(models.TextChoices):
        RESPONDENT = "respondent", _("Respondent")
        WITNESS = "witness", _("Witness")

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="parties", verbose_name=_("report")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    name = EncryptedTextField(_("name"), null=True, blank=True)
    email = EncryptedTextField(_("email"), null=True, blank=True)
    affiliation = models.CharField(
        _("affiliation"), max_length=16, choices=Affiliation.choices, default=Affiliation.UNKNOWN
    )
    details = EncryptedTextField(_("other identifying details"), null=True, blank=True)
    # Keyed blind indexes (idhr_portal.crypto.blind_index) of the normalised name and
    # email; db_index serves the repeat-respondent query "other parties with this
    # name_index / email_index" without decrypting anything. "" when unknown.
    name_index = models.CharField(_("name index"), max_length=64, blank=True, db_index=True)
    email_index = models.CharField(_("email index"), max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("person named in a report")
        verbose_name_plural = _("people named in reports")
        ordering = ["report", "role", "position"]

    def __str__(self):
        return f"{self.get_role_display()} #{self.position + 1} of {self.report.reference}"


class FormalComplaintFrozen(Exception):
    """Raised when code tries to change a submitted formal complaint."""


@pgtrigger.register(
    # The signed complaint is a record: no UPDATE reaches it, not even a bulk
    # queryset.update() or raw SQL (FormalComplaint.save refuses it in Python too).
    pgtrigger.Protect(name="formal_complaint_frozen", operation=pgtrigger.Update),
)
class FormalComplaint(ConstraintFieldsMixin, models.Model):
    # Each constraint's message beside the field it is about (idhr_portal/constraints.py).
    constraint_fields = {
        "formal_complaint_attested": "attested",
    }

    """The signed part of a formal complaint, frozen when it is submitted."""

    class RespondentType(models.TextChoices):
        STUDENT = "student", _("A student")
        EMPLOYEE = "employee", _("An employee (faculty or staff)")

    report = models.OneToOneField(
        Report, on_delete=models.CASCADE, related_name="formal_complaint", verbose_name=_("report")
    )
    respondent_type = models.CharField(_("complaint against"), max_length=16, choices=RespondentType.choices)
    # The three Title IX jurisdiction questions (seed 003, section I).
    in_education_program = models.CharField(
        _("participating in an MIT education program when filing"), max_length=8, choices=Answer.choices
    )
    occurred_in_mit_program = models.CharField(
        _("occurred in a program or activity MIT controls"), max_length=8, choices=Answer.choices
    )
    occurred_in_us = models.CharField(
        _("occurred in the United States"), max_length=8, choices=Answer.choices
    )
    signature_name = EncryptedTextField(_("typed signature"))
    attested = models.BooleanField(_("complainant attested"), default=False)
    signed_on = models.DateField(_("date signed"))
    signed_at = models.DateTimeField(_("signed at"))
    # Canonical JSON (sorted keys, compact separators, UTF-8) of everything the
    # complainant submitted and signed, and the SHA-256 of exactly those bytes.
    snapshot = EncryptedTextField(_("signed snapshot (canonical JSON)"))
    snapshot_sha256 = models.CharField(_("SHA-256 of the snapshot"), max_length=64)

    class Meta:
        verbose_name = _("formal complaint")
        verbose_name_plural = _("formal complaints")
        constraints = [
            models.CheckConstraint(condition=models.Q(attested=True), name="formal_complaint_attested",
                violation_error_code="formal_complaint_attested",
                violation_error_message=_(
                    "A formal complaint is signed by the complainant: confirm the statement to sign "
                    "it."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.report.reference} ({self.get_respondent_type_display()})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise FormalComplaintFrozen(_("A submitted formal complaint cannot be changed."))
        super().save(*args, **kwargs)


class Referral(models.Model):
    """What a responsible employee shared with IDHR about someone else."""

    report = models.OneToOneField(
        Report, on_delete=models.CASCADE, related_name="referral", verbose_name=_("report")
    )
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("referrer"),
    )
    referrer_role = models.CharField(_("referrer's role"), max_length=200)
    impacted_name = EncryptedTextField(_("impacted person's name"), null=True, blank=True)
    impacted_email = EncryptedTextField(_("impacted person's email"), null=True, blank=True)
    impacted_phone = EncryptedTextField(_("impacted person's phone"), null=True, blank=True)
    impacted_affiliation = models.CharField(
        _("impacted person's affiliation"),
        max_length=16,
        choices=Affiliation.choices,
        default=Affiliation.UNKNOWN,
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self):
        return self.report.reference


class ReporterMessage(models.Model):
    """A message between the reporter (through the receipt code) and IDHR staff."""

    class Direction(models.TextChoices):
        FROM_REPORTER = "from_reporter", _("From the reporter")
        FROM_STAFF = "from_staff", _("From IDHR")

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="messages", verbose_name=_("report")
    )
    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices)
    body = EncryptedTextField(_("message"))
    # The staff author; always NULL for a reporter's message.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        indexes = [
            # The follow-up page and the admin: "messages of this report, oldest first".
            models.Index(fields=["report", "created_at"], name="reportermessage_report_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(direction="from_staff") | models.Q(author__isnull=True),
                name="reportermessage_reporter_has_no_author",
                violation_error_code="reportermessage_reporter_has_no_author",
                violation_error_message=_("A message from the reporter has no staff author."),
            ),
        ]

    def __str__(self):
        return f"{self.get_direction_display()} · {self.report.reference}"


class Attachment(models.Model):
    """A file sent with a report: encrypted on disk, never served by URL."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("report")
    )
    message = models.ForeignKey(
        ReporterMessage,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("sent with message"),
    )
    filename = EncryptedTextField(_("file name"))
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    # Path under PRIVATE_MEDIA_ROOT (random name) of the Fernet-encrypted bytes.
    stored_name = models.CharField(_("stored as"), max_length=200, unique=True, editable=False)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_type_label()} · {self.report.reference}"

    def get_type_label(self) -> str:
        return self.content_type.rsplit("/", 1)[-1].upper()
