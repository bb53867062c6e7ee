"""Data: the first steps of the two non-Title-IX tracks, only as far as the seeds name them.

Seed 003, section I: complaints against students that are not Title IX sexual harassment
go to "the Sexual Misconduct Hearing Procedures (Non-Title IX Sexual Harassment) in the
Committee on Discipline Rules" (and the COD Rules & Regulations, Sections XIII–XVI);
complaints against employees to "the complaint resolution process described in Section 9.8"
of Policies and Procedures. The seeds do not list those procedures' steps: each step below
says what it rests on, and the ones that are guesses say so. The Title IX coordinator
edits them in the admin.
"""

from django.db import migrations

GUESS = "A guess: the seeds name the procedure but not this step; check it against the rules and edit it."

STEPS = [
    (
        "student_cod",
        1,
        "Complaint referred to the Committee on Discipline",
        GUESS,
        "",
    ),
    (
        "student_cod",
        2,
        "Resolution under the COD Sexual Misconduct Hearing Procedures (Non-Title IX Sexual Harassment) "
        "or the COD's general complaint process",
        "Named in the policy (seed 003, section I): complaints against students that are not Title IX "
        "sexual harassment are addressed under these procedures in the Committee on Discipline Rules.",
        "Committee on Discipline Rules & Regulations, Sections XIII–XVI",
    ),
    (
        "student_cod",
        3,
        "Outcome: a warning, probation, suspension, expulsion or degree revocation, or no sanction",
        "Named in the policy (seed 003, section I): the outcome of disciplinary action can include a warning, "
        "probation, suspension, expulsion, or degree revocation.",
        "Policy, section I (seed 003)",
    ),
    (
        "employee_pp98",
        1,
        "Complaint resolution under Policies and Procedures section 9.8",
        "Named in the policy (seed 003, section I): complaints against a faculty member, staff member or "
        "postdoctoral scholar that are not Title IX sexual harassment are addressed under the complaint "
        "resolution process of section 9.8. The seeds do not list that process's steps.",
        "Policies and Procedures 9.8",
    ),
    (
        "employee_pp98",
        2,
        "Outcome and any disciplinary action recorded",
        GUESS,
        "",
    ),
]


def forward(apps, schema_editor):
    TrackStep = apps.get_model("cases", "TrackStep")
    for track, order, name, description, source in STEPS:
        TrackStep.objects.get_or_create(
            track=track, order=order, defaults={"name": name, "description": description, "source": source}
        )


def backward(apps, schema_editor):
    TrackStep = apps.get_model("cases", "TrackStep")
    for track, order, name, _description, _source in STEPS:
        TrackStep.objects.filter(track=track, order=order, name=name).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_outcomes_track_values")]
    operations = [migrations.RunPython(forward, backward)]
