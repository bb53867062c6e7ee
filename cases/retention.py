"""Retention: purge cases and reports whose retention period is over.

Policy (settings.RETENTION_YEARS, years per outcome):

- a closed case expires N years after it was closed, N chosen by how it was closed
  (`case_retention_key`); an open case never expires;
- a report never attached to a case expires M years after it was received
  ("anonymous_report_without_case" or "report_without_case");
- a case on legal hold is never purged (and a database trigger refuses its deletion);
- a Title IX case is kept at least TITLE_IX_MIN_YEARS (7) years after it was closed,
  whatever RETENTION_YEARS says: 34 CFR 106.45(b)(10)(i) keeps each investigation,
  recording or transcript, sanction, remedy, appeal, informal resolution and the
  supportive measures of each response for seven years, and they all live in the case.
  "Title IX case" here: a case that is Title IX now (`Case.is_title_ix`) or was at any
  moment of its history (a pghistory row of the case with is_title_ix set), so a
  dismissal from the Title IX track, which keeps its records, does not shorten it.
  A non-Title-IX investigation follows its RETENTION_YEARS key alone.

Purging a case removes everything that hangs from it, in one transaction per case:
its reports (with their parties, formal complaint, referral, messages and attachments),
letters, allegations, deadlines, parties, measures, notes, documents, informal resolutions, consents, investigation
(interviews, evidence), determination, sanctions, appeals, transitions and timeline;
then, found from what was deleted, the pghistory event rows of each deleted row and the
history contexts nobody else refers to, the access-log rows about them, and the outbox
rows (notifications) that name them. Encrypted files on disk (attachments, case
documents) are deleted once the transaction has committed.

A PurgeLog row records each run: counts per kind and the policy, never a reference,
a date of a case or any content.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter
from dataclasses import dataclass, field

import pghistory.models
from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, models, transaction
from django.db.models import Q
from django.db.models.deletion import Collector
from django.db.models.functions import Coalesce
from django.utils import timezone

from idhr_portal.crypto import EncryptedFileStore
from idhr_portal.db_roles import as_owner
from notifications.models import Notification
from reports.models import Attachment, Report

from .audit_chain import purge_path
from .models import (
    AccessLog,
    Allegation,
    Appeal,
    AppealStatement,
    AssigneeObjection,
    Case,
    CaseDeadline,
    CaseDocument,
    ConsentRecord,
    Dismissal,
    Evidence,
    EvidenceResponse,
    EvidenceReview,
    Finding,
    Hearing,
    Interview,
    Investigation,
    InvestigationReport,
    Letter,
    Meeting,
    Party,
    PurgeLog,
    RelevanceRuling,
    Sanction,
    SupportiveMeasure,
)

logger = logging.getLogger(__name__)

# How a closed case was closed -> its RETENTION_YEARS key.
CLOSED_PATHWAY_KEYS = {
    Case.Pathway.SUPPORTIVE_MEASURES: "closed_supportive_measures",
    Case.Pathway.INFORMAL_RESOLUTION: "closed_informal_resolution",
    Case.Pathway.FORMAL_INVESTIGATION: "closed_formal_investigation",
}
STATUS_KEYS = {
    Case.Status.CLOSED_NO_ACTION: "closed_no_action",
    Case.Status.CLOSED_INFORMATION: "closed_information_only",
}
# Models whose rows name an encrypted file on disk (EncryptedFileStore), and the field.
FILE_FIELDS = {Attachment: "stored_name", CaseDocument: "stored_name"}


class _DryRun(Exception):
    """Raised inside a dry run's transaction so that nothing it deleted is kept."""


@dataclass
class PurgeResult:
    cases: int = 0
    reports: int = 0
    files: int = 0
    held_cases: int = 0
    failures: int = 0
    counts: Counter = field(default_factory=Counter)
    dry_run: bool = False
    log: PurgeLog | None = None


# 34 CFR 106.45(b)(10)(i): "for a period of seven years". A floor: settings may keep longer.
TITLE_IX_MIN_YEARS = 7


def title_ix_case_q() -> Q:
    """Cases that are Title IX now or were at any time (their history says so)."""
    history = apps.get_model("cases", "CaseEvent")
    return Q(is_title_ix=True) | Q(pk__in=history.objects.filter(is_title_ix=True).values("pgh_obj_id"))


def retention_years() -> dict[str, int]:
    return dict(settings.RETENTION_YEARS)


def case_retention_key(case: Case) -> str | None:
    """The RETENTION_YEARS key that applies to a case; None while it is open."""
    if case.status in STATUS_KEYS:
        return STATUS_KEYS[case.status]
    if case.status == Case.Status.CLOSED:
        return CLOSED_PATHWAY_KEYS.get(case.pathway, "closed")
    return None


def years_before(moment: datetime.datetime, years: int) -> datetime.datetime:
    """The same day and time `years` years earlier (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def _expired_case_q(now: datetime.datetime) -> Q:
    years = retention_years()
    closed = Q(pk__in=[])
    for status, key in STATUS_KEYS.items():
        closed |= Q(status=status, _closed_on__lt=years_before(now, years[key]))
    for pathway, key in CLOSED_PATHWAY_KEYS.items():
        closed |= Q(status=Case.Status.CLOSED, pathway=pathway, _closed_on__lt=years_before(now, years[key]))
    closed |= Q(status=Case.Status.CLOSED, _closed_on__lt=years_before(now, years["closed"])) & ~Q(
        pathway__in=list(CLOSED_PATHWAY_KEYS)
    )
    # The Title IX floor: closed less than seven years ago, kept whatever the setting said.
    return closed & ~(title_ix_case_q() & Q(_closed_on__gt=years_before(now, TITLE_IX_MIN_YEARS)))


def expired_cases(
    *, now: datetime.datetime | None = None, include_held: bool = False
) -> models.QuerySet[Case]:
    """Closed cases past their retention period (without those on legal hold unless asked)."""
    now = now or timezone.now()
    # closed_at is set by every closing transition; updated_at only covers rows closed without it.
    queryset = Case.objects.annotate(_closed_on=Coalesce("closed_at", "updated_at")).filter(
        _expired_case_q(now)
    )
    return queryset if include_held else queryset.filter(legal_hold=False)


def expired_unlinked_reports(*, now: datetime.datetime | None = None) -> models.QuerySet[Report]:
    """Reports never attached to a case, received longer ago than their retention period."""
    now = now or timezone.now()
    years = retention_years()
    return Report.objects.filter(case_link__isnull=True).filter(
        Q(is_anonymous=True, created_at__lt=years_before(now, years["anonymous_report_without_case"]))
        | Q(is_anonymous=False, created_at__lt=years_before(now, years["report_without_case"]))
    )


# --- Deleting one case or report and everything hanging from it ------------------------------


class _Deletion:
    """Deletes querysets through Django's collector and remembers every (model, pk) it removed."""

    def __init__(self):
        self.deleted: dict[type[models.Model], set] = {}
        self.files: list[str] = []
        self.counts: Counter = Counter()

    def _remember(self, model, pks) -> None:
        model = model._meta.concrete_model
        self.deleted.setdefault(model, set()).update(pks)

    def delete(self, queryset: models.QuerySet) -> None:
        objects = list(queryset)
        if not objects:
            return
        collector = Collector(using=queryset.db, origin=queryset)
        collector.collect(objects)
        for model, instances in collector.data.items():
            self._remember(model, [obj.pk for obj in instances])
        for fast in collector.fast_deletes:
            self._remember(fast.model, list(fast.values_list("pk", flat=True)))
        for model, name_field in FILE_FIELDS.items():
            pks = self.deleted.get(model)
            if pks:
                names = model._base_manager.filter(pk__in=pks).values_list(name_field, flat=True)
                self.files += [n for n in names if n and n not in self.files]
        _total, per_model = collector.delete()
        self.counts.update({label.lower(): n for label, n in per_model.items() if n})

    def delete_rows(self, label: str, queryset: models.QuerySet) -> None:
        """A plain delete (side tables: history, access log, outbox), counted under `label`."""
        count = queryset.delete()[0]
        if count:
            self.counts[label] += count

    def object_refs(self) -> set[str]:
        return {f"{m._meta.label_lower}:{pk}" for m, pks in self.deleted.items() for pk in pks}


def _event_models() -> list[type[pghistory.models.Event]]:
    return [
        m
        for m in apps.get_models()
        if issubclass(m, pghistory.models.Event) and not m._meta.proxy and m._meta.managed
    ]


def _delete_side_rows(deletion: _Deletion, *, references: set[str]) -> None:
    """History, access log and outbox rows about what was deleted."""
    # pghistory event rows: each event table copies one tracked model (proxies: its concrete model).
    contexts: set = set()
    for event_model in _event_models():
        tracked = event_model.pgh_tracked_model._meta.concrete_model
        pks = deletion.deleted.get(tracked) or set()
        q = Q(pgh_obj_id__in=pks)
        case_pks = deletion.deleted.get(Case)
        if case_pks and tracked is not Case and any(f.name == "case" for f in event_model._meta.fields):
            # Also the history of the case's rows deleted before the purge (a merged or removed party).
            q |= Q(case_id__in=case_pks)
        elif not pks:
            continue
        events = event_model.objects.filter(q)
        contexts.update(events.exclude(pgh_context_id=None).values_list("pgh_context_id", flat=True))
        deletion.delete_rows(f"{event_model._meta.label_lower}", events)
    if contexts:
        still_used = set()
        for event_model in _event_models():
            still_used.update(
                event_model.objects.filter(pgh_context_id__in=contexts).values_list(
                    "pgh_context_id", flat=True
                )
            )
        deletion.delete_rows(
            "pghistory.context", pghistory.models.Context.objects.filter(pk__in=contexts - still_used)
        )
    # Access log: object_type is the model's label_lower, object_id its pk.
    for model, pks in deletion.deleted.items():
        deletion.delete_rows(
            "cases.accesslog",
            AccessLog.objects.filter(
                object_type=model._meta.label_lower, object_id__in=[str(pk) for pk in pks]
            ),
        )
    # Outbox: rows about a deleted object (object_ref) or naming a deleted reference, and
    # then the alerts about those rows ("notifications.notification:<pk>").
    refs = deletion.object_refs()
    outbox = Notification.objects.filter(Q(object_ref__in=refs) | Q(reference__in=references))
    while True:
        pks = list(outbox.values_list("pk", flat=True))
        if not pks:
            break
        deletion.delete_rows("notifications.notification", Notification.objects.filter(pk__in=pks))
        outbox = Notification.objects.filter(
            object_ref__in=[f"notifications.notification:{pk}" for pk in pks]
        )


def _files_delete(names: list[str]) -> None:
    for name in names:
        try:
            EncryptedFileStore(name.split("/", 1)[0]).delete(name)
        except (OSError, ValueError):
            logger.exception("retention: could not delete a stored file")


def _purge_case(case_pk: int, *, now: datetime.datetime) -> _Deletion | None:
    """Delete one expired case and everything hanging from it; None if it no longer qualifies."""
    deletion = _Deletion()
    with transaction.atomic(), purge_path():
        # Locked and checked again: a legal hold placed a moment ago wins.
        case = expired_cases(now=now).select_for_update(of=("self",)).filter(pk=case_pk).first()
        if case is None:
            return None
        report_ids = list(Report.objects.filter(case_link__case=case).values_list("pk", flat=True))
        references = {case.reference} | set(
            Report.objects.filter(pk__in=report_ids).values_list("reference", flat=True)
        )
        # Rows that PROTECT parties or documents go first; then the case cascades the rest.
        # The formal process's rows that PROTECT parties, documents or allegations, each
        # before what it points at (a finding before its allegation, an appeal before the
        # dismissal it appeals).
        deletion.delete(RelevanceRuling.objects.filter(hearing__case=case))
        deletion.delete(Hearing.objects.filter(case=case))
        deletion.delete(EvidenceResponse.objects.filter(review__case=case))
        deletion.delete(EvidenceReview.objects.filter(case=case))
        deletion.delete(InvestigationReport.objects.filter(case=case))
        deletion.delete(Meeting.objects.filter(case=case))
        deletion.delete(AppealStatement.objects.filter(appeal__case=case))
        deletion.delete(Appeal.objects.filter(case=case))
        deletion.delete(Dismissal.objects.filter(case=case))
        deletion.delete(Sanction.objects.filter(determination__case=case))
        deletion.delete(Finding.objects.filter(determination__case=case))
        deletion.delete(Letter.objects.filter(case=case))
        deletion.delete(Allegation.objects.filter(case=case))
        deletion.delete(CaseDeadline.objects.filter(case=case))
        deletion.delete(Party.objects.filter(case=case, advises__isnull=False))  # advisors PROTECT the advised
        deletion.delete(AssigneeObjection.objects.filter(case=case))
        deletion.delete(ConsentRecord.objects.filter(informal_resolution__case=case))
        deletion.delete(Interview.objects.filter(investigation__case=case))
        deletion.delete(Evidence.objects.filter(investigation__case=case))
        deletion.delete(Investigation.objects.filter(case=case))
        deletion.delete(SupportiveMeasure.objects.filter(case=case))
        deletion.delete(Case.objects.filter(pk=case.pk))
        # The case's reports (their CaseReport links went with the case).
        deletion.delete(Report.objects.filter(pk__in=report_ids))
        _delete_side_rows(deletion, references=references)
        transaction.on_commit(lambda names=list(deletion.files): _files_delete(names))
    return deletion


def _purge_report(report_pk: int, *, now: datetime.datetime) -> _Deletion | None:
    deletion = _Deletion()
    with transaction.atomic(), purge_path():
        report = (
            expired_unlinked_reports(now=now).select_for_update(of=("self",)).filter(pk=report_pk).first()
        )
        if report is None:
            return None
        deletion.delete(Report.objects.filter(pk=report.pk))
        _delete_side_rows(deletion, references={report.reference})
        transaction.on_commit(lambda names=list(deletion.files): _files_delete(names))
    return deletion


def retention_purge(
    *,
    now: datetime.datetime | None = None,
    dry_run: bool = False,
    trigger: str = PurgeLog.Trigger.COMMAND,
) -> PurgeResult:
    """Purge every expired case and unattached report; write a PurgeLog (not on a dry run).

    One transaction per case or report, so one that cannot be purged (counted in
    `failures`, logged without content) does not keep the others. A dry run does the
    same deletions and rolls each of them back, so its counts are exact.
    """
    with as_owner():  # the owner's path through the audit refusal (idhr_portal.db_roles)
        return _retention_purge(now=now, dry_run=dry_run, trigger=trigger)


def _retention_purge(*, now, dry_run: bool, trigger: str) -> PurgeResult:
    started = timezone.now()
    now = now or started
    result = PurgeResult(dry_run=dry_run)
    result.held_cases = expired_cases(now=now, include_held=True).filter(legal_hold=True).count()
    work = [
        (_purge_case, pk, "case") for pk in expired_cases(now=now).order_by("pk").values_list("pk", flat=True)
    ]
    work += [
        (_purge_report, pk, "report")
        for pk in expired_unlinked_reports(now=now).order_by("pk").values_list("pk", flat=True)
    ]
    for purge, pk, kind in work:
        try:
            deletion = _run(purge, pk, now=now, dry_run=dry_run)
        except DatabaseError:
            logger.exception("retention: could not purge %s %s", kind, pk)
            result.failures += 1
            continue
        if deletion is None:
            continue
        result.cases += int(kind == "case")
        result.reports += len(deletion.deleted.get(Report, ()))
        result.files += len(deletion.files)
        result.counts.update(deletion.counts)
    if not dry_run:
        with transaction.atomic():
            result.log = PurgeLog.objects.create(
                started_at=started,
                trigger=trigger,
                cases=result.cases,
                reports=result.reports,
                files=result.files,
                held_cases=result.held_cases,
                failures=result.failures,
                counts=dict(sorted(result.counts.items())),
                policy=retention_years(),
            )
    return result


def _run(purge, pk: int, *, now: datetime.datetime, dry_run: bool) -> _Deletion | None:
    if not dry_run:
        return purge(pk, now=now)
    outcome = None
    try:
        with transaction.atomic():
            outcome = purge(pk, now=now)
            raise _DryRun
    except _DryRun:
        pass
    return outcome
