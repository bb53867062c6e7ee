"""What leaves the admin: tables after suppression, as CSV, XLSX, a one-page PDF and SVG charts.

Only counts and labels ever reach these functions (cases.statistics.figures builds
them with GROUP BY): no case reference, no date finer than the year, no identity.
"""

import csv
import io

from django.utils.html import escape
from django.utils.translation import gettext as _

from .figures import Table
from .suppression import SMALL, WITHHELD, suppress, suppression_threshold


def label(value, threshold: int) -> str:
    if value == SMALL:
        return _("fewer than %(n)s") % {"n": threshold}
    if value == WITHHELD:
        return _("withheld")
    return str(value)


def published_rows(table: Table, threshold: int | None = None) -> list[list[str]]:
    """The table after suppression, as rows of text: a header row, the data rows, the totals row."""
    pub = suppress(table.counts, threshold=threshold, subset_of=table.subset_of)
    t = pub.threshold
    rows = [["", *map(str, table.col_labels), _("Total")]]
    for name, cells, total in zip(table.row_labels, pub.cells, pub.row_totals, strict=True):
        rows.append([str(name), *(label(v, t) for v in cells), label(total, t)])
    rows.append([_("Total"), *(label(v, t) for v in pub.col_totals), label(pub.grand_total, t)])
    return rows


def published_timeliness(data: dict, threshold: int | None = None) -> list[list[str]]:
    t = suppression_threshold() if threshold is None else max(3, threshold)
    rows = [[_("Pathway"), _("to first outreach"), _("to triage"), _("to case close")]]
    for row in data["rows"]:
        cells = []
        for cell in row["cells"]:
            if cell["n"] == 0:
                cells.append("—")
            elif cell["n"] < t:
                cells.append(_("fewer than %(n)s cases") % {"n": t})
            else:
                cells.append(_("median %(m)s, 90%% within %(p)s days") % {"m": cell["median"], "p": cell["p90"]})
        rows.append([str(row["label"]), *cells])
    return rows


def to_csv(tables: list[Table], timeliness_rows=None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for table in tables:
        writer.writerow([str(table.title)])
        writer.writerows(published_rows(table))
        writer.writerow([])
    if timeliness_rows:
        writer.writerow([_("Timeliness (days)")])
        writer.writerows(timeliness_rows)
    return out.getvalue().encode("utf-8")


def to_xlsx(tables: list[Table], timeliness_rows=None) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(title=table.key[:31])
        sheet.append([str(table.title)])
        for row in published_rows(table):
            sheet.append([int(v) if v.isdigit() else v for v in row])
    if timeliness_rows:
        sheet = book.create_sheet(title="timeliness")
        for row in timeliness_rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def html_table(rows: list[list[str]], caption: str) -> str:
    head, *body = rows
    parts = [f"<table><caption>{escape(caption)}</caption><thead><tr>"]
    parts += [f'<th scope="col">{escape(c)}</th>' for c in head]
    parts.append("</tr></thead><tbody>")
    for row in body:
        parts.append(f'<tr><th scope="row">{escape(row[0])}</th>')
        parts += [f"<td>{escape(c)}</td>" for c in row[1:]]
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


SUMMARY_CSS = (
    "<style>@page{size:Letter;margin:1.5cm}table{border-collapse:collapse;font-size:7.5pt;margin:0 0 6pt}"
    "caption{font-weight:600;text-align:left}td,th{border:.5pt solid #999;padding:1pt 3pt}"
    "h1{font-size:12pt}p{font-size:8pt}</style>"
)


def to_pdf(tables: list[Table], *, title: str, note: str) -> bytes:
    from idhr_portal.pdf import html_to_pdf

    body = [SUMMARY_CSS, f"<h1>{escape(title)}</h1><p>{escape(note)}</p>"]
    body += [html_table(published_rows(t), str(t.title)) for t in tables]
    return html_to_pdf("".join(body), title=title)


def bar_chart_svg(table: Table, threshold: int | None = None) -> str:
    """Horizontal bars of the row totals after suppression; a suppressed total draws no bar."""
    pub = suppress(table.counts, threshold=threshold, subset_of=table.subset_of)
    values = [v if isinstance(v, int) else None for v in pub.row_totals]
    top = max([v for v in values if v] or [1])
    # Narrow enough that its 11-unit text stays readable on a 390 px phone (seen in a browser).
    bar_h, gap, left, width = 16, 6, 160, 220
    height = len(values) * (bar_h + gap) + gap
    title = escape(str(table.title))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {left + width + 70} {height}" '
        f'role="img" aria-labelledby="chart-{table.key}-t" class="stat-chart">'
        f'<title id="chart-{table.key}-t">{title}</title>'
    ]
    for i, (name, value, shown) in enumerate(zip(table.row_labels, values, pub.row_totals, strict=True)):
        y = gap + i * (bar_h + gap)
        text = escape(label(shown, pub.threshold))
        name = str(name)
        name = escape(name if len(name) <= 26 else name[:25] + "…")
        out.append(f'<text x="{left - 6}" y="{y + 12}" text-anchor="end" font-size="11">{name}</text>')
        w = round(width * value / top) if value else 0
        if w:
            out.append(f'<rect x="{left}" y="{y}" width="{w}" height="{bar_h}" fill="#8a1538"/>')
        out.append(f'<text x="{left + w + 4}" y="{y + 12}" font-size="11">{text}</text>')
    out.append("</svg>")
    return "".join(out)
