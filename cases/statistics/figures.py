"""The figures of the statistics page (issue 17): counts only, never a row that names anyone.

Two steps. `collect(years)` counts in the database (GROUP BY over indexed columns) and
returns, per calendar year, plain counts keyed by choice value (JSON, so the nightly
summary in cases.statistics.summary stores exactly this). The table builders below turn
those per-year counts into `Table`s of whole counts (rows x columns); the page shows them
exactly (marked not for publication) and every export goes through
cases.statistics.suppression.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Min, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.models import Report, ReporterMessage

from ..models import (
    Appeal,
    Case,
    CaseDeadline,
    CleryClassification,
    Determination,
    Dismissal,
    InformalResolution,
    ProcessTrack,
    SupportiveMeasure,
)
from ..models.classification import CleryGeography, CleryOffense, HateBias
from ..workflow import Pathway

CLERY_OFFENSES = [
    CleryOffense.RAPE,
    CleryOffense.FONDLING,
    CleryOffense.INCEST,
    CleryOffense.STATUTORY_RAPE,
    CleryOffense.DATING_VIOLENCE,
    CleryOffense.DOMESTIC_VIOLENCE,
    CleryOffense.STALKING,
]
CLERY_PLACES = [CleryGeography.ON_CAMPUS, CleryGeography.NON_CAMPUS, CleryGeography.PUBLIC_PROPERTY]
HOUSING = "student_housing"
# 34 CFR 668.46(c)(4): the housing column is a subset of "On campus" (counted in both).
CLERY_COLUMNS = [
    (CleryGeography.ON_CAMPUS, _("On campus (total)")),
    (HOUSING, _("of which in on-campus student housing facilities")),
    (CleryGeography.NON_CAMPUS, _("Non-campus building or property")),
    (CleryGeography.PUBLIC_PROPERTY, _("Public property")),
]
ROUTES = [
    ("anonymous", _("Anonymous report")),
    ("named", _("Named report")),
    ("complaint", _("Formal complaint")),
    ("referral", _("Referral")),
]
OUTCOMES = [
    ("dismissed", _("Dismissed")),
    ("informal", _("Informal resolution reached")),
    ("responsible", _("Responsible")),
    ("not_responsible", _("Not responsible")),
]
STEPS = ("outreach", "triage", "close")


@dataclass
class Table:
    key: str
    title: str
    row_labels: list
    col_labels: list
    counts: list  # list of rows of ints
    subset_of: dict = field(default_factory=dict)  # column index -> the column it is a part of

    @property
    def row_totals(self):
        return [sum(v for c, v in enumerate(row) if c not in self.subset_of) for row in self.counts]

    @property
    def col_totals(self):
        return [sum(row[c] for row in self.counts) for c in range(len(self.col_labels))]

    @property
    def rows_with_totals(self):
        return list(zip(self.row_labels, self.counts, self.row_totals, strict=True))

    @property
    def total(self):
        return sum(self.row_totals)


# --- collect: counts per calendar year, keyed by choice value ---------------------------


def counted_classifications():
    """The classifications that count an incident: a case's, or a report's while it is in no case."""
    return CleryClassification.objects.filter(Q(case__isnull=False) | Q(report__case_link__isnull=True))


def _put(data, year, key, row, n, col=None):
    """Add n to data[year][key][row] (or [row][col])."""
    if year not in data:
        return
    slot = data[year].setdefault(key, {})
    if col is None:
        slot[row] = slot.get(row, 0) + n
    else:
        slot.setdefault(row, {})
        slot[row][col] = slot[row].get(col, 0) + n


def _collect_clery(data, years):
    rows = (
        counted_classifications()
        .filter(incident_year__in=years)
        .values_list("incident_year", "offense", "geography", "student_housing", "unfounded", "hate_bias")
        .annotate(n=Count("pk"))
    )
    for year, offense, place, housing, unfounded, bias, n in rows:
        if unfounded:
            _put(data, year, "unfounded", offense, n)
            continue
        if place not in CLERY_PLACES:
            continue
        _put(data, year, "clery", offense, n, col=place)
        if housing:
            _put(data, year, "clery", offense, n, col=HOUSING)
        if bias:
            _put(data, year, "hate", bias, n)


def _collect_by_year(data, key, queryset, field_name, years, date_field, array=False):
    qs = queryset.annotate(y=ExtractYear(date_field)).filter(y__in=years)
    if not array:
        for value, y, n in qs.values_list(field_name, "y").annotate(n=Count("pk")):
            _put(data, y, key, value, n)
        return
    # One row per (value, year): unnest the array in the database.
    sql, params = qs.values("pk", "y").query.sql_with_params()
    table = queryset.model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT v, sub.y, COUNT(*) FROM ({sql}) sub JOIN {table} t ON t.id = sub.pk, "  # noqa: S608
            f"unnest(t.{field_name}) AS v GROUP BY 1, 2",
            params,
        )
        for value, y, n in cursor.fetchall():
            _put(data, int(y), key, value, n)


def _collect_routes(data, years):
    qs = Report.objects.annotate(y=ExtractYear("created_at")).filter(y__in=years)
    for kind, anonymous, y, n in qs.values_list("kind", "is_anonymous", "y").annotate(n=Count("pk")):
        route = kind if kind in ("complaint", "referral") else ("anonymous" if anonymous else "named")
        _put(data, y, "reports_route", route, n)


def _collect_outcomes(data, years):
    sources = [
        ("dismissed", Dismissal.objects.all(), "dismissed_on"),
        ("informal", InformalResolution.objects.filter(outcome=InformalResolution.Outcome.RESOLVED), "created_at"),
        ("responsible", Determination.objects.filter(outcome=Determination.Outcome.RESPONSIBLE), "decided_on"),
        (
            "not_responsible",
            Determination.objects.filter(outcome=Determination.Outcome.NOT_RESPONSIBLE),
            "decided_on",
        ),
    ]
    for key, qs, date_field in sources:
        counted = (
            qs.annotate(y=ExtractYear(date_field))
            .filter(y__in=years)
            .values("y")
            .annotate(n=Count("case", distinct=True))
        )
        for r in counted:
            _put(data, r["y"], "outcomes", key, r["n"])


def _collect_timeliness(data, years):
    """Day counts (a histogram) from report to first outreach, triage and close, per pathway."""
    links = (
        Report.objects.filter(created_at__year__in=years, case_link__isnull=False)
        .annotate(
            outreach=Min("messages__created_at", filter=Q(messages__direction=ReporterMessage.Direction.FROM_STAFF))
        )
        .values_list(
            "created_at", "outreach", "case_link__linked_at", "case_link__case__closed_at", "case_link__case__pathway"
        )
    )
    histograms: dict = {}
    for received, *whens, pathway in links:
        start = timezone.localdate(received)
        for step, when in zip(STEPS, whens, strict=True):
            if when:
                # calendar days where the office is (a DST change is not a day less)
                days = (timezone.localdate(when) - start).days
                histograms.setdefault((start.year, pathway, step), Counter())[str(days)] += 1
    for (year, pathway, step), counter in histograms.items():
        if year in data:
            data[year].setdefault("timeliness", {}).setdefault(pathway, {})[step] = dict(counter)
    deadlines = (
        CaseDeadline.objects.filter(
            due_on__year__in=years, state__in=[CaseDeadline.State.MET, CaseDeadline.State.MISSED]
        )
        .annotate(y=ExtractYear("due_on"))
        .values_list("state", "y")
        .annotate(n=Count("pk"))
    )
    for state, y, n in deadlines:
        _put(data, y, "deadlines", state, n)


def collect(years: list[int]) -> dict:
    """{year: {figure key: counts}} for `years`, straight from the database."""
    years = [int(y) for y in years]
    data = {y: {} for y in years}
    _collect_clery(data, years)
    _collect_by_year(data, "reports_category", Report.objects.all(), "categories", years, "created_at", array=True)
    _collect_by_year(data, "reports_basis", Report.objects.all(), "protected_bases", years, "created_at", array=True)
    _collect_routes(data, years)
    _collect_by_year(data, "cases_track", Case.objects.all(), "process_track", years, "created_at")
    _collect_by_year(data, "cases_pathway", Case.objects.all(), "pathway", years, "created_at")
    _collect_outcomes(data, years)
    _collect_by_year(data, "measures", SupportiveMeasure.objects.all(), "kind", years, "requested_on")
    _collect_by_year(data, "appeals", Appeal.objects.all(), "decision", years, "filed_on")
    _collect_timeliness(data, years)
    return data


# --- tables ---------------------------------------------------------------------------------


def _data(years, data):
    return collect(years) if data is None else data


def _year_table(key, title, rows, years, data, figure=None) -> Table:
    """Rows = (value, label) pairs, columns = the years; counts from data[year][figure][value]."""
    figure = figure or key
    return Table(
        key,
        title,
        [label for _v, label in rows],
        [str(y) for y in years],
        [[data.get(y, {}).get(figure, {}).get(value, 0) for y in years] for value, _l in rows],
    )


def clery_year_table(year: int, data: dict | None = None) -> Table:
    counts = _data([year], data).get(year, {}).get("clery", {})
    return Table(
        f"clery_{year}",
        _("Clery Act crimes, %(year)s") % {"year": year},
        [CleryOffense(o).label for o in CLERY_OFFENSES],
        [label for _c, label in CLERY_COLUMNS],
        [[counts.get(o, {}).get(c, 0) for c, _l in CLERY_COLUMNS] for o in CLERY_OFFENSES],
        subset_of={1: 0},
    )


def clery_unfounded_table(years: list[int], data: dict | None = None) -> Table:
    offenses = [(o, CleryOffense(o).label) for o in CLERY_OFFENSES]
    return _year_table(
        "clery_unfounded", _("Unfounded crime reports"), offenses, years, _data(years, data), "unfounded"
    )


def clery_hate_table(years: list[int], data: dict | None = None) -> Table:
    biases = [(b, HateBias(b).label) for b in HateBias.values if b]
    return _year_table("clery_hate", _("Hate crimes by category of bias"), biases, years, _data(years, data), "hate")


def title_ix_tables(years: list[int], data: dict | None = None) -> list[Table]:
    data = _data(years, data)
    specs = [
        ("reports_category", _("Reports by category"), Report.Category.choices),
        ("reports_basis", _("Reports by protected-class basis"), Report.ProtectedBasis.choices),
        ("reports_route", _("Reports by route"), ROUTES),
        ("cases_track", _("Cases by track"), ProcessTrack.choices),
        ("cases_pathway", _("Cases by pathway"), Pathway.choices),
        ("outcomes", _("Outcomes (cases)"), OUTCOMES),
        ("measures", _("Supportive measures by kind"), SupportiveMeasure.Kind.choices),
        ("appeals", _("Appeals and their results"), Appeal.Decision.choices),
    ]
    return [_year_table(key, title, rows, years, data) for key, title, rows in specs]


def _nth(histogram: dict, index: int) -> int:
    """The index-th (0-based) value of the sorted values a histogram {days: count} holds."""
    seen = 0
    for days in sorted(histogram):
        seen += histogram[days]
        if index < seen:
            return days
    raise IndexError(index)


def _summary(histogram: dict) -> dict:
    n = sum(histogram.values())
    if not n:
        return {"n": 0, "median": None, "p90": None}
    low, high = _nth(histogram, (n - 1) // 2), _nth(histogram, n // 2)
    middle = (low + high) / 2
    return {
        "n": n,
        "median": int(middle) if middle == int(middle) else middle,
        "p90": _nth(histogram, -(-n * 9 // 10) - 1),  # nearest rank
    }


def timeliness(years: list[int], data: dict | None = None) -> dict:
    """Days from report to first outreach, to triage, to case close, per pathway; deadlines met."""
    data = _data(years, data)
    rows = []
    for value, label in Pathway.choices:
        cells = []
        for step in STEPS:
            merged = Counter()
            for y in years:
                for days, n in data.get(y, {}).get("timeliness", {}).get(value, {}).get(step, {}).items():
                    merged[int(days)] += n
            cells.append(_summary(merged))
        rows.append({"label": label, "cells": cells})
    met = sum(data.get(y, {}).get("deadlines", {}).get(CaseDeadline.State.MET, 0) for y in years)
    missed = sum(data.get(y, {}).get("deadlines", {}).get(CaseDeadline.State.MISSED, 0) for y in years)
    decided = met + missed
    share = round(100 * met / decided) if decided else None
    return {"rows": rows, "deadlines_met": met, "deadlines_decided": decided, "deadlines_share": share}


def clery_years(end: int) -> list[int]:
    return [end - 2, end - 1, end]
