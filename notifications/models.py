from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from idhr_portal.crypto import EncryptedJSONField, EncryptedTextField


class Notification(models.Model):
    """One email to send: an outbox row written with the event that causes it.

    Life cycle (every change goes through notifications.services):

        draft ──(coordinator sends)──▶ pending ──(SMTP accepted)──▶ sent
                                          │  ▲
                        (N attempts failed)│  │(coordinator resends)
                                          ▼  │
                                         failed

    Recipients, subject, bodies and the last SMTP error are encrypted at rest:
    an outreach draft holds the address of an impacted person, and a coordinator
    may edit its wording.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft (waiting for a coordinator)")
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
        STAFF_MESSAGE = "message.to_reporter", _("New message from IDHR for a reporter")
        REPEAT_RESPONDENT = "respondent.repeat", _("Repeat respondent")
        DEADLINE_DIGEST = "deadlines.digest", _("Overdue deadlines digest")
        NOTIFICATION_FAILED = "notification.failed", _("A notification could not be delivered")
        PORTAL_INVITATION = "portal.invitation", _("Invitation to the party portal")
        PORTAL_CODE = "portal.code", _("One-time code for the party portal")
        PORTAL_LETTER = "portal.letter", _("New document in the party portal")
        PORTAL_MESSAGE = "portal.message", _("New message from IDHR in the party portal")
        PORTAL_MESSAGE_FROM_PARTY = "portal.message_from_party", _("Message from a party in the portal")
        PORTAL_APPEAL_FROM_PARTY = "portal.appeal_from_party", _(
            "Appeal or written statement from a party in the portal"
        )
        AUDIT_CHAIN = "audit.chain", _("Audit trail verification")
        REFUSED_ACCESS = "access.refused", _("Repeated refused access attempts")

    event = models.CharField(_("event"), max_length=64, choices=Event.choices)
    recipients = EncryptedJSONField(_("recipients"))
    reply_to = models.EmailField(_("reply to"), blank=True)
    subject = EncryptedTextField(_("subject"))
    body_text = EncryptedTextField(_("plain-text body"))
    body_html = EncryptedTextField(_("HTML body"), blank=True)
    # The case or report reference the email names (never its content).
    reference = models.CharField(_("reference"), max_length=64, blank=True, db_index=True)
    # "app_label.model:pk" of what the email is about; never its content.
    object_ref = models.CharField(_("related object"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # A delivery is not tried before this time (set by the retry back-off).
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = EncryptedTextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed"), null=True, blank=True)
    # The coordinator who sent a draft or resent a failed notification.
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent or resent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [
            # The beat sweep: "pending rows due for longer than the grace period".
            models.Index(
                fields=["next_attempt_at"],
                name="notification_pending_due_idx",
                condition=models.Q(status="pending"),
            ),
            # The admin alert: "how many notifications failed?" (and the failed filter).
            models.Index(
                fields=["created_at"],
                name="notification_failed_idx",
                condition=models.Q(status="failed"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="notification_sent_has_time",
                violation_error_code="notification_sent_has_time",
                violation_error_message=_("A notification recorded as sent has the time it was sent."),
            ),
        ]

    def __str__(self):
        return f"{self.event} → {len(self.recipients or [])} recipient(s) [{self.status}]"
