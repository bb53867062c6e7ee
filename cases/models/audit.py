"""What happened and who looked: transitions, the timeline, the access log, purges and
the history of every tracked change (django-pghistory triggers: a bulk
`queryset.update()` is recorded too; event tables copy column values, so encrypted
columns stay ciphertext there).
"""

import pghistory
import pghistory.models
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reports.models import Report, ReportParty

from .anonymous_history import CoarseInsertEvent, CoarseUpdateEvent
from .case import Case


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
    # The timeline row of this move: the case page shows the reason under it to staff who
    # may see the case's content (never in the summary, which the Bias Response Team reads).
    timeline_event = models.OneToOneField(
        "TimelineEvent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="transition",
        verbose_name=_("timeline event"),
    )

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
        ALLEGATION = "allegation", _("Allegation")
        LETTER = "letter", _("Letter")
        DEADLINE = "deadline", _("Deadline")
        HEARING = "hearing", _("Hearing")
        PORTAL_MESSAGE = "portal_message", _("Party portal message")

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


class AccessLog(models.Model):
    """Every admin read of a case, a report or a document: who, what, when."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        DOWNLOAD = "download", _("Downloaded")
        EXPORT = "export", _("Exported")
        HISTORY = "history", _("Viewed history")
        # A staff member asked for a case, document, letter or export they may not see (issue 18).
        REFUSED = "refused", _("Refused")

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
            # The grouped access log (the reads of the last days) and the refusals of the last hour.
            models.Index(fields=["created_at"], name="accesslog_time"),
        ]

    def __str__(self):
        return f"{self.user_id} {self.action} {self.object_type}:{self.object_id}"


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



# An anonymous report's exact time and its receipt code's hash never reach the history
# (anonymous_history); in_case is kept by a trigger (CaseReport).
@pghistory.track(CoarseInsertEvent(), CoarseUpdateEvent(), model_name="ReportEvent", exclude=["in_case"])
class ReportHistoryProxy(Report):
    class Meta:
        proxy = True
        verbose_name = _("report (history)")


@pghistory.track(CoarseInsertEvent(), CoarseUpdateEvent(), model_name="ReportPartyEvent")
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
