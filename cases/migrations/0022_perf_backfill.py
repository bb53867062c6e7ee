# Data migration (kept apart from the schema migrations): mark the reports already in a case.
# From now on the trigger of cases_casereport keeps reports_report.in_case (0020_third_session).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0021_stats17_geography_data"),
        ("reports", "0002_perf"),
    ]

    operations = [
        migrations.RunSQL(
            "UPDATE reports_report AS r SET in_case = true "
            "WHERE NOT r.in_case AND EXISTS (SELECT 1 FROM cases_casereport AS l WHERE l.report_id = r.id)",
            migrations.RunSQL.noop,
        ),
    ]
