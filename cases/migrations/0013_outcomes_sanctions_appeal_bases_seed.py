"""Data: sanction options per kind of respondent and the regulation's appeal bases.

Students: the list of seed 003, section I ("a warning, probation, suspension, expulsion,
or degree revocation"); the codes are the values Sanction.kind held before. Employees:
the seeds list no sanctions; one plain default row, saying so, for the coordinator to
replace. Appeal bases: the three of 34 CFR 106.45(b)(8)(i).
"""

from django.db import migrations

STUDENT = [
    ("warning", "Warning"),
    ("probation", "Probation"),
    ("suspension", "Suspension"),
    ("expulsion", "Expulsion"),
    ("degree_revocation", "Degree revocation"),
]
STUDENT_NOTE = "Named in the policy (seed 003, section I) as an outcome of disciplinary action."
EMPLOYEE = [
    (
        "employee_disciplinary_action",
        "Disciplinary action under Policies and Procedures",
        "A plain default: the seeds do not list sanctions for employees. The Title IX coordinator "
        "replaces this with the Institute's list.",
    ),
]
BASES = [
    (
        "Procedural irregularity that affected the outcome of the matter",
        "106.45(b)(8)(i)(A)",
    ),
    (
        "New evidence that was not reasonably available at the time of the determination regarding "
        "responsibility or dismissal, that could affect the outcome of the matter",
        "106.45(b)(8)(i)(B)",
    ),
    (
        "The Title IX coordinator, investigator or decision-maker had a conflict of interest or bias for or "
        "against complainants or respondents generally or the individual complainant or respondent that "
        "affected the outcome of the matter",
        "106.45(b)(8)(i)(C)",
    ),
]


def forward(apps, schema_editor):
    SanctionOption = apps.get_model("cases", "SanctionOption")
    AppealBasis = apps.get_model("cases", "AppealBasis")
    for order, (code, label) in enumerate(STUDENT, start=1):
        SanctionOption.objects.get_or_create(
            code=code,
            defaults={"respondent": "student", "label": label, "description": STUDENT_NOTE, "order": order},
        )
    for order, (code, label, description) in enumerate(EMPLOYEE, start=1):
        SanctionOption.objects.get_or_create(
            code=code,
            defaults={"respondent": "employee", "label": label, "description": description, "order": order},
        )
    for order, (label, paragraph) in enumerate(BASES, start=1):
        AppealBasis.objects.get_or_create(regulation=paragraph, defaults={"label": label, "order": order})


def backward(apps, schema_editor):
    apps.get_model("cases", "SanctionOption").objects.all().delete()
    apps.get_model("cases", "AppealBasis").objects.filter(regulation__startswith="106.45").delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0012_outcomes_track_steps_seed")]
    operations = [migrations.RunPython(forward, backward)]
