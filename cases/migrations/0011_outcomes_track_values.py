"""Data: the process track's values for the four tracks (issue 14).

Before: student_cod (student respondent) and employee_pp98 (employee respondent), whatever
the Title IX determination. After: those two values mean the non-Title-IX tracks, and a
Title IX case (is_title_ix) on them moves to student_tix / employee_tix. A track set by
hand keeps its value. Reversible: the Title IX values go back to the two old ones.
"""

from django.db import migrations

FORWARD = {"student_cod": "student_tix", "employee_pp98": "employee_tix"}


def forward(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    for old, new in FORWARD.items():
        Case.objects.filter(process_track=old, is_title_ix=True, process_track_overridden=False).update(
            process_track=new
        )


def backward(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    for old, new in FORWARD.items():
        Case.objects.filter(process_track=new).update(process_track=old)


class Migration(migrations.Migration):
    dependencies = [("cases", "0010_formal_process")]
    operations = [migrations.RunPython(forward, backward)]
