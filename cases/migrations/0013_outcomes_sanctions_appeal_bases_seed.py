"""Data: sanction options per kind of respondent (students: the policy's list; employees: a plain
default saying the seeds list none) and the three appeal bases of 34 CFR 106.45(b)(8)(i)
(the rows: cases/outcome_seeds.py)."""

from django.db import migrations


def forward(apps, schema_editor):
    from cases.outcome_seeds import sanction_options_and_appeal_bases_seed

    sanction_options_and_appeal_bases_seed(apps)


def backward(apps, schema_editor):
    from cases.outcome_seeds import sanction_options_and_appeal_bases_unseed

    sanction_options_and_appeal_bases_unseed(apps)


class Migration(migrations.Migration):
    dependencies = [("cases", "0012_outcomes_track_steps_seed")]
    operations = [migrations.RunPython(forward, backward)]
