"""Data: the first steps of the two non-Title-IX tracks, only as far as the seeds name them
(the rows and their sources: cases/outcome_seeds.py)."""

from django.db import migrations


def forward(apps, schema_editor):
    from cases.outcome_seeds import track_steps_seed

    track_steps_seed(apps)


def backward(apps, schema_editor):
    from cases.outcome_seeds import track_steps_unseed

    track_steps_unseed(apps)


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_outcomes_track_values")]
    operations = [migrations.RunPython(forward, backward)]
