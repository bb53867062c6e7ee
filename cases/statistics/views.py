"""/admin/statistics/: the coordinator's statistics page and its exports (issue 17)."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from cases.admin.mixins import download
from idhr_portal.roles import user_is_coordinator

from ..tasks import statistics_refresh
from . import figures, publish
from .summary import statistics_summary_read
from .suppression import suppression_threshold

FIRST_YEAR = 2000


def _years(request) -> tuple[int, int]:
    this_year = datetime.date.today().year
    try:
        end = int(request.GET.get("end") or this_year)
        start = int(request.GET.get("start") or end - 2)
    except ValueError:
        end, start = this_year, this_year - 2
    end = min(max(end, FIRST_YEAR), this_year + 1)
    start = min(max(start, FIRST_YEAR, end - 9), end)
    return start, end


def _tables(start, end):
    """The page's tables from the nightly summary (cases.statistics.summary), and its stamp."""
    years = list(range(start, end + 1))
    clery_years = figures.clery_years(end)
    data, refreshed_at = statistics_summary_read(sorted(set(years) | set(clery_years)))
    clery = [figures.clery_year_table(y, data) for y in clery_years]
    clery += [figures.clery_unfounded_table(clery_years, data), figures.clery_hate_table(clery_years, data)]
    return years, clery, figures.title_ix_tables(years, data), figures.timeliness(years, data), refreshed_at


def statistics_view(request, admin_site):
    if not user_is_coordinator(request.user):
        raise PermissionDenied
    if request.method == "POST" and "refresh" in request.POST:
        # The recount reads every table (seconds at 100,000 cases, more than a request may
        # take): the Celery worker does it, as the nightly beat task does.
        transaction.on_commit(statistics_refresh.delay, robust=True)
        messages.success(
            request,
            _("The figures are being recounted. Reload this page in a minute: the time above changes when it is done."),
        )
        return HttpResponseRedirect(f"{request.path}?{request.GET.urlencode()}")
    start, end = _years(request)
    years, clery, title_ix, timely, refreshed_at = _tables(start, end)
    fmt = request.GET.get("format")
    stamp = f"{start}-{end}"
    if fmt in ("csv", "xlsx", "pdf"):
        tables = clery + title_ix
        timely_rows = publish.published_timeliness(timely)
        if fmt == "csv":
            return download(publish.to_csv(tables, timely_rows), f"statistics-{stamp}.csv", "text/csv")
        if fmt == "xlsx":
            return download(
                publish.to_xlsx(tables, timely_rows),
                f"statistics-{stamp}.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        t = suppression_threshold()
        note = _(
            "Counts from 1 to %(m)s are shown as “fewer than %(t)s”; "
            "other figures are withheld so that they cannot be worked out."
        ) % {"m": t - 1, "t": t}
        pdf = publish.to_pdf(tables, title=_("Annual statistics %(years)s") % {"years": stamp}, note=note)
        return download(pdf, f"statistics-{stamp}.pdf", "application/pdf")
    charts = [
        {"table": t, "svg": mark_safe(publish.bar_chart_svg(t))}  # noqa: S308 - built from escaped text
        for t in title_ix
    ]
    context = {
        **admin_site.each_context(request),
        "title": _("Statistics"),
        "start": start,
        "end": end,
        "years": years,
        "clery": clery,
        "title_ix": title_ix,
        "charts": charts,
        "timeliness": timely,
        "threshold": suppression_threshold(),
        "refreshed_at": refreshed_at,
        "query": f"start={start}&end={end}",
    }
    return TemplateResponse(request, "admin/statistics/index.html", context)


def statistics_urls(admin_site):
    def view(request):
        return statistics_view(request, admin_site)

    return [path("statistics/", admin_site.admin_view(view), name="statistics")]
