"""A party's affiliation uses the project's one Affiliation vocabulary (reports.models):
"other" ("Other / not affiliated") becomes "not_affiliated". The party table's history
triggers are switched off for the rename (a code change, not a change anyone made), and
the history rows are renamed too, so the record reads in one vocabulary."""
from django.db import migrations, models

RENAME = """
ALTER TABLE cases_party DISABLE TRIGGER USER;
UPDATE cases_party SET affiliation = 'not_affiliated' WHERE affiliation = 'other';
ALTER TABLE cases_party ENABLE TRIGGER USER;
UPDATE cases_partyevent SET affiliation = 'not_affiliated' WHERE affiliation = 'other';
"""
RENAME_BACK = """
ALTER TABLE cases_party DISABLE TRIGGER USER;
UPDATE cases_party SET affiliation = 'other' WHERE affiliation = 'not_affiliated';
ALTER TABLE cases_party ENABLE TRIGGER USER;
UPDATE cases_partyevent SET affiliation = 'other' WHERE affiliation = 'not_affiliated';
"""


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0006_case_list_order'),
    ]

    operations = [
        migrations.RunSQL(RENAME, RENAME_BACK),
        migrations.AlterField(
            model_name='party',
            name='affiliation',
            field=models.CharField(choices=[('student', 'Student'), ('employee', 'Employee (faculty or staff)'), ('unknown', 'Unknown'), ('not_affiliated', 'Not affiliated with MIT')], default='unknown', max_length=20, verbose_name='affiliation'),
        ),
        migrations.AlterField(
            model_name='partyevent',
            name='affiliation',
            field=models.CharField(choices=[('student', 'Student'), ('employee', 'Employee (faculty or staff)'), ('unknown', 'Unknown'), ('not_affiliated', 'Not affiliated with MIT')], default='unknown', max_length=20, verbose_name='affiliation'),
        ),
    ]
