"""The figures of the statistics page (issue 17): counts only, never a row that names anyone.

Every figure is a `Table` of whole counts (rows x columns); the page shows them exactly
(marked not for publication) and every export goes through cases.statistics.suppression.
Reads aggregate in the database (GROUP BY), over indexed columns.
"""

from dataclasses import dataclass
from statistics import median

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
# The Clery geography as a partition: on campus = student housing + the rest of campus.
CLERY_PLACES = [
    CleryGeography.ON_CAMPUS_HOUSING,
    CleryGeography.ON_CAMPUS_OTHER,
    CleryGeography.NON_CAMPUS,
    CleryGeography.PUBLIC_PROPERTY,
]


@dataclass
class Table:
    key: str
    title: str
    row_labels: list
    col_labels: list
    counts: list  # list of rows of ints

    @property
    def row_totals(self):
        return [sum(row) for row in self.counts]

    @property
    def col_totals(self):
        return [sum(row[c] for row in self.counts) for c in range(len(self.col_labels))]

    @property
    def rows_with_totals(self):
        return list(zip(self.row_labels, self.counts, self.row_totals, strict=True))

    @property
    def total(self):
        return sum(self.row_totals)


def _grid(pairs, rows, cols) -> list:
    """Counts from {(row, col): n}, zeros where nothing."""
    return [[pairs.get((r, c), 0) for c in cols] for r in rows]


def counted_classifications():
    """The classifications that count an incident: a case's, or a report's while it is in no case."""
    return CleryClassification.objects.filter(Q(case__isnull=False) | Q(report__case_link__isnull=True))


def clery_year_table(year: int) -> Table:
    rows = (
        counted_classifications()
        .filter(incident_year=year, unfounded=False, offense__in=CLERY_OFFENSES, geography__in=CLERY_PLACES)
        .values("offense", "geography")
        .annotate(n=Count("pk"))
    )
    pairs = {(r["offense"], r["geography"]): r["n"] for r in rows}
    return Table(
        f"clery_{year}",
        _("Clery Act crimes, %(year)s") % {"year": year},
        [CleryOffense(o).label for o in CLERY_OFFENSES],
        [CleryGeography(g).label for g in CLERY_PLACES],
        _grid(pairs, CLERY_OFFENSES, CLERY_PLACES),
    )


def clery_unfounded_table(years: list[int]) -> Table:
    rows = (
        counted_classifications()
        .filter(incident_year__in=years, unfounded=True, offense__in=CLERY_OFFENSES)
        .values("offense", "incident_year")
        .annotate(n=Count("pk"))
    )
    pairs = {(r["offense"], r["incident_year"]): r["n"] for r in rows}
    return Table(
        "clery_unfounded",
        _("Unfounded crime reports"),
        [CleryOffense(o).label for o in CLERY_OFFENSES],
        [str(y) for y in years],
        _grid(pairs, CLERY_OFFENSES, years),
    )


def clery_hate_table(years: list[int]) -> Table:
    biases = [b for b in HateBias.values if b]
    rows = (
        counted_classifications()
        .filter(incident_year__in=years, unfounded=False, geography__in=CLERY_PLACES)
        .exclude(hate_bias="")
        .values("hate_bias", "incident_year")
        .annotate(n=Count("pk"))
    )
    pairs = {(r["hate_bias"], r["incident_year"]): r["n"] for r in rows}
    return Table(
        "clery_hate",
        _("Hate crimes by category of bias"),
        [HateBias(b).label for b in biases],
        [str(y) for y in years],
        _grid(pairs, biases, years),
    )


def _by_year(queryset, field, choices, years, *, date_field, key, title, array=False):
    """Rows = the choices of `field`, columns = the years of `date_field`."""
    qs = queryset.annotate(y=ExtractYear(date_field)).filter(y__in=years)
    if array:
        # One row per (value, year): unnest the array in the database.
        sql, params = qs.values("pk", "y").query.sql_with_params()
        table = queryset.model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT v, sub.y, COUNT(*) FROM ({sql}) sub JOIN {table} t ON t.id = sub.pk, "  # noqa: S608
                f"unnest(t.{field}) AS v GROUP BY 1, 2",
                params,
            )
            pairs = {(v, int(y)): n for v, y, n in cursor.fetchall()}
    else:
        pairs = {(r[field], r["y"]): r["n"] for r in qs.values(field, "y").annotate(n=Count("pk"))}
    return Table(
        key,
        title,
        [label for _v, label in choices],
        [str(y) for y in years],
        _grid(pairs, [v for v, _l in choices], years),
    )


def route_table(years) -> Table:
    routes = [
        ("anonymous", _("Anonymous report")),
        ("named", _("Named report")),
        ("complaint", _("Formal complaint")),
        ("referral", _("Referral")),
    ]
    qs = Report.objects.annotate(y=ExtractYear("created_at")).filter(y__in=years)
    pairs = {}
    for kind, anonymous, y, n in qs.values_list("kind", "is_anonymous", "y").annotate(n=Count("pk")):
        route = {"complaint": "complaint", "referral": "referral"}.get(kind) or ("anonymous" if anonymous else "named")
        pairs[(route, y)] = pairs.get((route, y), 0) + n
    return Table(
        "reports_route",
        _("Reports by route"),
        [lbl for _r, lbl in routes],
        [str(y) for y in years],
        _grid(pairs, [r for r, _l in routes], years),
    )


def outcome_table(years) -> Table:
    labels = [
        ("dismissed", _("Dismissed")),
        ("informal", _("Informal resolution reached")),
        ("responsible", _("Responsible")),
        ("not_responsible", _("Not responsible")),
    ]
    pairs = {}

    def add(key, qs, date_field):
        for r in (
            qs.annotate(y=ExtractYear(date_field))
            .filter(y__in=years)
            .values("y")
            .annotate(n=Count("case", distinct=True))
        ):
            pairs[(key, r["y"])] = r["n"]

    add("dismissed", Dismissal.objects.all(), "dismissed_on")
    add("informal", InformalResolution.objects.filter(outcome=InformalResolution.Outcome.RESOLVED), "created_at")
    add("responsible", Determination.objects.filter(outcome=Determination.Outcome.RESPONSIBLE), "decided_on")
    add("not_responsible", Determination.objects.filter(outcome=Determination.Outcome.NOT_RESPONSIBLE), "decided_on")
    return Table(
        "outcomes",
        _("Outcomes (cases)"),
        [lbl for _k, lbl in labels],
        [str(y) for y in years],
        _grid(pairs, [k for k, _l in labels], years),
    )


def title_ix_tables(years: list[int]) -> list[Table]:
    return [
        _by_year(
            Report.objects.all(),
            "categories",
            Report.Category.choices,
            years,
            date_field="created_at",
            key="reports_category",
            title=_("Reports by category"),
            array=True,
        ),
        _by_year(
            Report.objects.all(),
            "protected_bases",
            Report.ProtectedBasis.choices,
            years,
            date_field="created_at",
            key="reports_basis",
            title=_("Reports by protected-class basis"),
            array=True,
        ),
        route_table(years),
        _by_year(
            Case.objects.all(),
            "process_track",
            ProcessTrack.choices,
            years,
            date_field="created_at",
            key="cases_track",
            title=_("Cases by track"),
        ),
        _by_year(
            Case.objects.all(),
            "pathway",
            Pathway.choices,
            years,
            date_field="created_at",
            key="cases_pathway",
            title=_("Cases by pathway"),
        ),
        outcome_table(years),
        _by_year(
            SupportiveMeasure.objects.all(),
            "kind",
            SupportiveMeasure.Kind.choices,
            years,
            date_field="requested_on",
            key="measures",
            title=_("Supportive measures by kind"),
        ),
        _by_year(
            Appeal.objects.all(),
            "decision",
            Appeal.Decision.choices,
            years,
            date_field="filed_on",
            key="appeals",
            title=_("Appeals and their results"),
        ),
    ]


def _p90(values):
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * 9 // 10) - 1)]  # nearest rank


def timeliness(years: list[int]) -> dict:
    """Days from report to first outreach, to triage, to case close, per pathway; deadlines met."""
    links = (
        Report.objects.filter(created_at__year__in=years, case_link__isnull=False)
        .annotate(
            outreach=Min("messages__created_at", filter=Q(messages__direction=ReporterMessage.Direction.FROM_STAFF))
        )
        .values_list(
            "created_at", "outreach", "case_link__linked_at", "case_link__case__closed_at", "case_link__case__pathway"
        )
    )
    measures: dict = {}
    for received, outreach, triaged, closed, pathway in links:
        for name, when in (("outreach", outreach), ("triage", triaged), ("close", closed)):
            if when:
                # calendar days where the office is (a DST change is not a day less)
                days = (timezone.localdate(when) - timezone.localdate(received)).days
                measures.setdefault((pathway, name), []).append(days)
    rows = []
    for value, label in Pathway.choices:
        cells = []
        for name in ("outreach", "triage", "close"):
            days = measures.get((value, name), [])
            cells.append(
                {"n": len(days), "median": median(days) if days else None, "p90": _p90(days) if days else None}
            )
        rows.append({"label": label, "cells": cells})
    deadlines = CaseDeadline.objects.filter(due_on__year__in=years).aggregate(
        met=Count("pk", filter=Q(state=CaseDeadline.State.MET)),
        missed=Count("pk", filter=Q(state=CaseDeadline.State.MISSED)),
    )
    decided = deadlines["met"] + deadlines["missed"]
    share = round(100 * deadlines["met"] / decided) if decided else None
    return {"rows": rows, "deadlines_met": deadlines["met"], "deadlines_decided": decided, "deadlines_share": share}


def clery_years(end: int) -> list[int]:
    return [end - 2, end - 1, end]
