"""What the statistics page (issue 17) counts, for the bench data: Clery Act classifications
and outcomes, in the proportions an office sees. Called by bench.datagen.generate inside its
COPY transaction (the pghistory triggers of these tables are off there too).

Per 100 cases: 30 classified (Clery geography: 55 % on campus, of which 60 % in student
housing, 10 % non-campus, 10 % public property, 25 % outside), of which about 1 in 30
unfounded and about 1 in 20 a hate crime (plus intimidation, counted only as a hate crime);
of the closed cases: 4 % dismissed, 8 % informal resolution reached, 10 % a determination
(60 % responsible), and a third of the determinations appealed.
"""

from __future__ import annotations

import datetime

OFFENSES = [  # (value, weight)
    ("stalking", 30),
    ("fondling", 24),
    ("rape", 15),
    ("dating_violence", 15),
    ("domestic_violence", 8),
    ("incest", 1),
    ("statutory_rape", 2),
    ("intimidation", 5),
]
BIASES = [
    "race",
    "religion",
    "gender",
    "gender_identity",
    "sexual_orientation",
    "ethnicity",
    "national_origin",
    "disability",
]
APPEAL_DECISIONS = ["pending", "upheld", "upheld", "modified", "overturned"]
TABLES = [
    "cases_cleryclassification",
    "cases_dismissal",
    "cases_informalresolution",
    "cases_determination",
    "cases_appeal",
]


def _weighted(rng, pairs):
    return rng.choices([v for v, _w in pairs], weights=[w for _v, w in pairs])[0]


def generate_statistics(*, copy_rows, next_id, case_meta, closed, complainant_of, actors, pools, rng) -> dict:
    """COPY the classifications and outcomes of the cases in `case_meta` [(id, created, categories)]."""
    classification_rows, dismissal_rows, informal_rows, determination_rows, appeal_rows = [], [], [], [], []
    ids = {table: next_id(table) for table in TABLES}
    for cid, created, _cats in case_meta:
        if rng.random() < 0.30:
            offense = _weighted(rng, OFFENSES)
            place = _weighted(rng, [("on_campus", 55), ("non_campus", 10), ("public_property", 10), ("outside", 25)])
            unfounded = rng.random() < 0.033
            bias = rng.choice(BIASES) if offense == "intimidation" or rng.random() < 0.05 else ""
            classification_rows.append(
                (
                    ids["cases_cleryclassification"] + len(classification_rows),
                    cid,
                    None,
                    offense,
                    bias,
                    place,
                    place == "on_campus" and rng.random() < 0.6,
                    created.year,
                    unfounded,
                    actors[0] if unfounded else None,
                    "Found baseless after a full police investigation." if unfounded else "",
                    rng.choice(actors),
                    created,
                    created,
                )
            )
        if cid not in closed:
            continue
        day = created.date()
        draw = rng.random()
        if draw < 0.04:
            dismissal_rows.append(
                (
                    ids["cases_dismissal"] + len(dismissal_rows),
                    cid,
                    "withdrawn",
                    rng.choice(pools.details),
                    day + datetime.timedelta(days=20),
                    actors[0],
                    "",
                    created,
                )
            )
        elif draw < 0.12:
            informal_rows.append(
                (
                    ids["cases_informalresolution"] + len(informal_rows),
                    cid,
                    "facilitated_dialogue",
                    rng.choice(pools.details),
                    "resolved",
                    day + datetime.timedelta(days=10),
                    day + datetime.timedelta(days=30),
                    "",
                    day + datetime.timedelta(days=31),
                    created,
                )
            )
        elif draw < 0.22:
            decided = day + datetime.timedelta(days=rng.randint(40, 110))
            determination_rows.append(
                (
                    ids["cases_determination"] + len(determination_rows),
                    cid,
                    "responsible" if rng.random() < 0.6 else "not_responsible",
                    "preponderance",
                    rng.choice(pools.details),
                    False,
                    pools.empty,
                    decided,
                    decided + datetime.timedelta(days=10),
                    actors[0],
                )
            )
            if rng.random() < 0.33:
                decision = rng.choice(APPEAL_DECISIONS)
                appeal_rows.append(
                    (
                        ids["cases_appeal"] + len(appeal_rows),
                        cid,
                        complainant_of[cid],
                        decided + datetime.timedelta(days=5),
                        rng.choice(pools.details),
                        decision,
                        pools.empty,
                        None if decision == "pending" else decided + datetime.timedelta(days=25),
                        None if decision == "pending" else actors[0],
                    )
                )
    counts = {
        "clery_classifications": copy_rows(
            "cases_cleryclassification",
            [
                "id",
                "case_id",
                "report_id",
                "offense",
                "hate_bias",
                "geography",
                "student_housing",
                "incident_year",
                "unfounded",
                "unfounded_by_id",
                "unfounded_reason",
                "classified_by_id",
                "created_at",
                "updated_at",
            ],
            classification_rows,
        ),
        "dismissals": copy_rows(
            "cases_dismissal",
            [
                "id",
                "case_id",
                "ground",
                "reason",
                "dismissed_on",
                "dismissed_by_id",
                "continues_track",
                "created_at",
            ],
            dismissal_rows,
        ),
        "informal_resolutions": copy_rows(
            "cases_informalresolution",
            [
                "id",
                "case_id",
                "kind",
                "agreement_text",
                "outcome",
                "started_on",
                "agreement_signed_on",
                "left_off_status",
                "ended_on",
                "created_at",
            ],
            informal_rows,
        ),
        "determinations": copy_rows(
            "cases_determination",
            [
                "id",
                "case_id",
                "outcome",
                "standard_of_evidence",
                "rationale",
                "remedies_provided",
                "remedies_description",
                "decided_on",
                "appeal_deadline",
                "decided_by_id",
            ],
            determination_rows,
        ),
        "appeals": copy_rows(
            "cases_appeal",
            [
                "id",
                "case_id",
                "filed_by_id",
                "filed_on",
                "grounds",
                "decision",
                "rationale",
                "decided_on",
                "decided_by_id",
            ],
            appeal_rows,
        ),
    }
    return counts
