"""The rows the outcome lists start with (used by the data migrations, and by tests after a
flush of a transactional test: `outcome_lists_ensure()`).

Track steps: the first steps of the two non-Title-IX tracks, only as far as the seeds name them.

Seed 003, section I: complaints against students that are not Title IX sexual harassment
go to "the Sexual Misconduct Hearing Procedures (Non-Title IX Sexual Harassment) in the
Committee on Discipline Rules" (and the COD Rules & Regulations, Sections XIII–XVI);
complaints against employees to "the complaint resolution process described in Section 9.8"
of Policies and Procedures. The seeds do not list those procedures' steps: each step below
says what it rests on, and the ones that are guesses say so. The Title IX coordinator
edits them in the admin.

Sanction options and appeal bases: sanction options per kind of respondent and the regulation's appeal bases.

Students: the list of seed 003, section I ("a warning, probation, suspension, expulsion,
or degree revocation"); the codes are the values Sanction.kind held before. Employees:
the seeds list no sanctions; one plain default row, saying so, for the coordinator to
replace. Appeal bases: the three of 34 CFR 106.45(b)(8)(i).
"""

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


def track_steps_seed(apps) -> None:
    """Add the seeded steps that are missing (idempotent)."""
    TrackStep = apps.get_model("cases", "TrackStep")
    for track, order, name, description, source in STEPS:
        TrackStep.objects.get_or_create(
            track=track, order=order, defaults={"name": name, "description": description, "source": source}
        )


def sanction_options_and_appeal_bases_seed(apps) -> None:
    """Add the seeded sanction options and appeal bases that are missing (idempotent)."""
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


def track_steps_unseed(apps) -> None:
    TrackStep = apps.get_model("cases", "TrackStep")
    for track, order, name, _description, _source in STEPS:
        TrackStep.objects.filter(track=track, order=order, name=name).delete()


def sanction_options_and_appeal_bases_unseed(apps) -> None:
    apps.get_model("cases", "SanctionOption").objects.all().delete()
    apps.get_model("cases", "AppealBasis").objects.filter(regulation__startswith="106.45").delete()


def outcome_lists_ensure() -> None:
    """The seeded rows, for tests whose database was flushed."""
    from django.apps import apps

    track_steps_seed(apps)
    sanction_options_and_appeal_bases_seed(apps)
