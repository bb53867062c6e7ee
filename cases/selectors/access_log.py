"""The access log as a person reads it (issue 18): reads grouped per person, case and day
("Morgan Lee viewed C-2026-CUCYX 14 times, 09:02–16:40"), and the refused attempts.

One aggregate query for the groups and one for the refusals, whatever the number of rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, Max, Min
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import AccessLog

READS = (AccessLog.Action.VIEW, AccessLog.Action.DOWNLOAD, AccessLog.Action.HISTORY, AccessLog.Action.EXPORT)


@dataclass
class AccessGroup:
    day: datetime.date
    user_id: int
    person: str
    action: str
    ref: str
    times: int
    first: datetime.datetime
    last: datetime.datetime

    @property
    def sentence(self) -> str:
        values = {
            "person": self.person,
            "ref": self.ref or _("(no reference)"),
            "times": self.times,
            "first": timezone.localtime(self.first).strftime("%H:%M"),
            "last": timezone.localtime(self.last).strftime("%H:%M"),
        }
        if self.action == AccessLog.Action.DOWNLOAD:
            text = ngettext(
                "%(person)s downloaded from %(ref)s %(times)d time",
                "%(person)s downloaded from %(ref)s %(times)d times",
                self.times,
            )
        elif self.action == AccessLog.Action.HISTORY:
            text = ngettext(
                "%(person)s viewed the history of %(ref)s %(times)d time",
                "%(person)s viewed the history of %(ref)s %(times)d times",
                self.times,
            )
        elif self.action == AccessLog.Action.EXPORT:
            text = ngettext(
                "%(person)s exported %(ref)s %(times)d time", "%(person)s exported %(ref)s %(times)d times", self.times
            )
        else:
            text = ngettext(
                "%(person)s viewed %(ref)s %(times)d time", "%(person)s viewed %(ref)s %(times)d times", self.times
            )
        span = "%(first)s" if values["first"] == values["last"] else "%(first)s–%(last)s"
        return (text + ", " + span) % values


def _person(first: str, last: str, username: str) -> str:
    return f"{first} {last}".strip() or username


def access_log_grouped(
    *, days: int | None = 14, today: datetime.date | None = None, case=None, limit: int = 500
) -> list[AccessGroup]:
    """Reads of the last `days` days (all of them: None), one row per person, reference, day
    and kind of read; newest day first, then by person. With `case`: the reads of that case's
    page and history (the access log's index on the object)."""
    reads = AccessLog.objects.filter(action__in=READS)
    if days is not None:
        today = today or timezone.localdate()
        start = datetime.datetime.combine(today - datetime.timedelta(days=days - 1), datetime.time())
        reads = reads.filter(created_at__gte=timezone.make_aware(start))
    if case is not None:
        reads = reads.filter(object_type="cases.case", object_id=str(case.pk))
    rows = (
        reads
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("day", "user_id", "user__first_name", "user__last_name", "user__username", "action", "object_ref")
        .annotate(times=Count("pk"), first=Min("created_at"), last=Max("created_at"))
        .order_by("-day", "user__last_name", "user__first_name", "user__username", "object_ref", "action")[:limit]
    )
    return [
        AccessGroup(
            day=row["day"],
            user_id=row["user_id"],
            person=_person(row["user__first_name"], row["user__last_name"], row["user__username"]),
            action=row["action"],
            ref=row["object_ref"],
            times=row["times"],
            first=row["first"],
            last=row["last"],
        )
        for row in rows
    ]


def access_log_refused(*, limit: int = 200):
    """The latest refused attempts, newest first: who, what was asked (`asked`), when."""
    rows = list(
        AccessLog.objects.filter(action=AccessLog.Action.REFUSED).select_related("user").order_by("-created_at", "-pk")[
            :limit
        ]
    )
    for row in rows:
        try:
            name = str(apps.get_model(row.object_type)._meta.verbose_name)
        except (LookupError, ValueError):
            name = row.object_type
        # An object by its id ("letter #12"), else the page asked for (its URL name).
        row.asked = f"{name} #{row.object_id}" if row.object_id.isdigit() else f"{name}: {row.object_id}"
    return rows
