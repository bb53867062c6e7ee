"""The nightly summary the statistics page reads (issue 17, item 6).

One row per calendar year: the counts of cases.statistics.figures.collect for that year
(JSON keyed by choice value, counts only: no reference, no identity, no date finer than
the year), written by cases.statistics.summary.statistics_summary_refresh from the Celery
beat task `cases.statistics_refresh` each night and when the coordinator asks for it. The
page reads at most ten rows by primary key, whatever the number of cases.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StatisticsYear(models.Model):
    year = models.PositiveSmallIntegerField(_("calendar year"), primary_key=True)
    figures = models.JSONField(_("figures"), default=dict)
    refreshed_at = models.DateTimeField(_("refreshed at"))

    class Meta:
        verbose_name = _("statistics summary year")
        verbose_name_plural = _("statistics summary years")

    def __str__(self):
        return str(self.year)
