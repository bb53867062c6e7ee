"""The nightly summary of the statistics (issue 17, item 6): written once, read by the page.

`statistics_summary_refresh` runs figures.collect over every year that holds data (a
few grouped scans of the whole tables, seconds at 100,000 cases) and stores one
StatisticsYear row per year; the Celery beat task `cases.statistics_refresh` calls it each
night, and the coordinator's "Recount now" button on the page queues the same task. The page
then reads at most ten rows by primary key (`statistics_summary_read`), so it answers in
the same time at any number of cases; the page shows when the figures were refreshed.
"""

import datetime

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from reports.models import Report

from ..models import Case, CleryClassification, StatisticsYear
from . import figures

FIRST_YEAR = 2000


def _years_with_data() -> list[int]:
    this_year = timezone.localdate().year
    firsts = [
        Report.objects.aggregate(m=Min("created_at"))["m"],
        Case.objects.aggregate(m=Min("created_at"))["m"],
    ]
    years = [d.year for d in firsts if d]
    first_incident = CleryClassification.objects.aggregate(m=Min("incident_year"))["m"]
    if first_incident:
        years.append(first_incident)
    first = max(FIRST_YEAR, min(years or [this_year]))
    return list(range(min(first, this_year), this_year + 1))


@transaction.atomic
def statistics_summary_refresh() -> datetime.datetime:
    """Recount every year that holds data; returns the time stamped on the rows."""
    years = _years_with_data()
    data = figures.collect(years)
    now = timezone.now()
    StatisticsYear.objects.exclude(year__in=years).delete()
    StatisticsYear.objects.bulk_create(
        [StatisticsYear(year=y, figures=data[y], refreshed_at=now) for y in years],
        update_conflicts=True,
        unique_fields=["year"],
        update_fields=["figures", "refreshed_at"],
    )
    return now


def statistics_summary_read(years) -> tuple[dict, datetime.datetime]:
    """{year: figures} for `years` from the summary (a year with no row has no data), and when
    it was refreshed. With no summary at all yet (a new installation), it is made now."""
    rows = list(StatisticsYear.objects.filter(year__in=set(years)).values_list("year", "figures", "refreshed_at"))
    if not rows:
        stamp = StatisticsYear.objects.values_list("refreshed_at", flat=True).first()
        if stamp is None:
            statistics_summary_refresh()
            return statistics_summary_read(years)
        return {y: {} for y in years}, stamp
    data = {y: {} for y in years}
    data.update({year: figs for year, figs, _stamp in rows})
    return data, min(stamp for _y, _f, stamp in rows)
