"""Data migration (issue 17): the Clery geography was a flat split of on campus into
"on campus: student housing" and "on campus: not student housing"; it is now "on campus"
with a student-housing flag (a subset of on campus, 34 CFR 668.46(c)(4)).

Kept apart from the schema migration (0020) so the lead can renumber them at merge.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    Classification = apps.get_model("cases", "CleryClassification")
    Classification.objects.filter(geography="on_campus_housing").update(geography="on_campus", student_housing=True)
    Classification.objects.filter(geography="on_campus_other").update(geography="on_campus", student_housing=False)


def backwards(apps, schema_editor):
    Classification = apps.get_model("cases", "CleryClassification")
    Classification.objects.filter(geography="on_campus", student_housing=True).update(
        geography="on_campus_housing", student_housing=False
    )
    Classification.objects.filter(geography="on_campus").update(geography="on_campus_other")


class Migration(migrations.Migration):
    dependencies = [("cases", "0020_third_session")]

    operations = [migrations.RunPython(forwards, backwards)]
