from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One email to send: an outbox row written with the event that causes it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    class Event(models.TextChoices):
        REPORT_SUBMITTED = "report.submitted", _("New report")
        TITLE_IX_REPORT = "report.title_ix", _("New report in a Title IX category")
        COMPLAINT_SUBMITTED = "complaint.submitted", _("New formal complaint")
        REFERRAL_SUBMITTED = "referral.submitted", _("New referral")
        REFERRAL_OUTREACH = "referral.outreach", _("Outreach to an impacted person")
        REPORTER_ACKNOWLEDGEMENT = "report.acknowledgement", _("Acknowledgement to a reporter")
        REPORTER_MESSAGE = "message.from_reporter", _("Message from a reporter")
        REPEAT_RESPONDENT = "respondent.repeat", _("Repeat respondent")
        DEADLINE_DIGEST = "deadlines.digest", _("Overdue deadlines digest")
        TEST = "test", _("Test")

    event = models.CharField(_("event"), max_length=64, choices=Event.choices)
    recipients = ArrayField(models.EmailField(), verbose_name=_("recipients"))
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("plain-text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    # "app_label.model:pk" of what the email is about; never its content.
    object_ref = models.CharField(_("related object"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [
            # The beat sweep: "pending rows older than the grace period".
            models.Index(
                fields=["created_at"],
                name="notification_pending_idx",
                condition=models.Q(status="pending"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="notification_sent_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.event} → {len(self.recipients)} recipient(s) [{self.status}]"
