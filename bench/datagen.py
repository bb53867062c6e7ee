"""Realistic data at scale, written with PostgreSQL COPY (not one save per row).

Per case (the proportions the office's years of records have):
  1 case, 1.5 reports (1.4 triaged into cases, 0.1 waiting in the intake queue),
  1.5 people named in reports (respondents, blind-indexed), 3 case parties
  (complainant, respondent, witness), 10 timeline events, 2 supportive measures.
At 100,000 cases: 150,000 reports, 300,000 parties, 1,000,000 timeline events,
200,000 supportive measures.

Encrypted columns hold real Fernet tokens under FIELD_ENCRYPTION_KEYS, so every
page decrypts them as it would in production: names and emails are encrypted
row by row (about 8 µs each), long texts (narratives, details) come from a pool
of distinct tokens. Blind indexes are HMACs (idhr_portal.crypto.blind_index) of
names drawn from a population of 0.6 people per case, so some respondents repeat
across cases as they do in real life.

History: the 1,000,000 "timeline/history events" are cases_timelineevent rows
(the timeline staff read on the case page). The pghistory triggers on the tracked
tables are switched off for the load (ALTER TABLE … DISABLE TRIGGER USER, then
ENABLE): bulk-loaded rows are not changes anybody made, and the triggers would
triple the load time. Everything the benchmarks do afterwards (submissions,
triage, page views) runs with the triggers on.
"""

from __future__ import annotations

import datetime
import functools
import io
import random
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from cases.services.people import identity_digests
from idhr_portal import roles
from idhr_portal.crypto import blind_index, encrypt_str
from reports.services import receipt_code_hash

from .stats_data import TABLES as STATISTICS_TABLES
from .stats_data import generate_statistics

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BIG_CASE_REFERENCE = "C-BENCH-BIG"
# The big case page: many parties, measures and events.
BIG_PARTIES, BIG_MEASURES, BIG_EVENTS = 20, 40, 300
# Receipt codes the lookup benchmark knows (every 1,000th report gets a known code).
KNOWN_CODE_EVERY = 1000
TRIGGER_TABLES = [
    "cases_case",
    "cases_party",
    "cases_supportivemeasure",
    "reports_report",
    "reports_reportparty",
    *STATISTICS_TABLES,  # what the statistics page counts (bench/stats_data.py)
    "cases_casereport",  # its trigger marks each report in a case: one UPDATE after the load instead
]
OPEN_STATUSES = [
    "new",
    "outreach",
    "assessment",
    "supportive_measures",
    "informal_resolution",
    "investigation",
]
CLOSED_STATUSES = ["closed", "closed_no_action", "closed_information"]
CATEGORIES = [
    "discrimination",
    "discriminatory_harassment",
    "bias_incident",
    "racist_conduct",
    "sexual_harassment",
    "gender_based_harassment",
    "sexual_misconduct",
    "intimate_partner_violence",
    "stalking",
    "retaliation",
]
TITLE_IX = {
    "sexual_harassment",
    "gender_based_harassment",
    "sexual_misconduct",
    "intimate_partner_violence",
    "stalking",
}
MEASURE_KINDS = [
    "academic_support",
    "housing_transfer",
    "no_contact_order",
    "class_schedule_change",
    "work_schedule_change",
    "transportation",
    "counselling_referral",
    "other",
]
EVENT_KINDS = ["report_added", "transition", "party", "measure", "note", "assignment", "track"]
FIRST = [
    "Alex",
    "Sam",
    "Jordan",
    "Taylor",
    "Casey",
    "Riley",
    "Morgan",
    "Jamie",
    "Avery",
    "Quinn",
    "Drew",
    "Robin",
]
LAST = [
    "Smith",
    "Nguyen",
    "Garcia",
    "Khan",
    "Okafor",
    "Müller",
    "Rossi",
    "Kim",
    "Silva",
    "Cohen",
    "Patel",
    "Lee",
]


def b32(number: int, width: int) -> str:
    out = []
    for _ in range(width):
        out.append(CROCKFORD[number % 32])
        number //= 32
    return "".join(reversed(out))


def known_receipt_code(report_index: int) -> str:
    """The receipt code of a report whose index is a multiple of KNOWN_CODE_EVERY."""
    raw = "BENCH" + b32(report_index, 20)
    return "-".join(raw[i : i + 5] for i in range(0, 25, 5))


def person_name(k: int) -> str:
    return f"{FIRST[k % len(FIRST)]} {LAST[(k // len(FIRST)) % len(LAST)]} {b32(k, 4)}"


def person_email(k: int) -> str:
    return f"person{k}@example.edu"


# --- COPY --------------------------------------------------------------------------


def _cell(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (list, tuple)):
        return "{" + ",".join(value) + "}"
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def _model_defaults(table: str, columns: list[str]) -> tuple[list[str], tuple]:
    """Columns the generator does not set (a field added later): NOT NULL ones get the default."""
    from django.apps import apps

    model = next(m for m in apps.get_models() if m._meta.db_table == table)
    extra, values = [], []
    for field in model._meta.concrete_fields:
        if field.column in columns or field.null or field.primary_key:
            continue
        extra.append(field.column)
        values.append(field.get_db_prep_save(field.get_default(), connection))
    return extra, tuple(values)


def copy_rows(table: str, columns: list[str], rows) -> int:
    """COPY rows (tuples in `columns` order) into `table`, in chunks; returns the count."""
    extra, defaults = _model_defaults(table, columns)
    columns = [*columns, *extra]
    total = 0
    buffer = io.StringIO()
    pending = 0

    def flush():
        nonlocal buffer, pending
        if not pending:
            return
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
        buffer = io.StringIO()
        pending = 0

    for row in rows:
        buffer.write("\t".join(_cell(v) for v in (*row, *defaults)))
        buffer.write("\n")
        pending += 1
        total += 1
        if pending >= 50_000:
            flush()
    flush()
    return total


def _next_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608 (fixed table names)
        return cursor.fetchone()[0]


def _reset_sequence(table: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608
        )


# --- Staff ---------------------------------------------------------------------------


def ensure_staff() -> dict:
    """Bench staff accounts (a coordinator, case managers, investigators); their ids."""
    User = get_user_model()

    def user(username, group, first, last):
        obj, _created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@idhr.invalid",
                "is_staff": True,
            },
        )
        obj.groups.add(Group.objects.get_or_create(name=group)[0])
        return obj.pk

    return {
        "coordinator": user("bench-coordinator", roles.TITLE_IX_COORDINATOR, "Casey", "Coordinator"),
        "managers": [user(f"bench-manager{i}", roles.CASE_MANAGER, "Morgan", f"Manager {i}") for i in range(8)],
        "investigators": [
            user(f"bench-investigator{i}", roles.INVESTIGATOR, "Ira", f"Investigator {i}") for i in range(4)
        ],
    }


# --- The generator ------------------------------------------------------------------------


class Pools:
    """Distinct Fernet tokens for long texts, made once per run."""

    def __init__(self, rng: random.Random, size: int = 500):
        words = "the a person said after class near building message online again evening".split()

        def text(n):
            return " ".join(rng.choice(words) for _ in range(n))

        self.narratives = [encrypt_str(text(rng.randint(40, 300))) for _ in range(size)]
        self.details = [encrypt_str(text(rng.randint(5, 30))) for _ in range(size)]
        self.empty = encrypt_str("")
        self.notice = [encrypt_str("Written notice. " + text(120)) for _ in range(50)]


def generate(*, cases: int, seed: int = 8, verbose=print) -> dict:
    """Add `cases` cases and everything that goes with them; returns row counts and timings."""
    rng = random.Random(seed + _next_id("cases_case"))
    started = time.monotonic()
    staff = ensure_staff()
    coordinator = staff["coordinator"]
    actors = [coordinator, *staff["managers"], *staff["investigators"]]
    pools = Pools(rng)
    now = timezone.now()
    today = timezone.localdate()
    six_years = 6 * 365 * 86400

    case0 = _next_id("cases_case")
    report0 = _next_id("reports_report")
    rparty0 = _next_id("reports_reportparty")
    party0 = _next_id("cases_party")
    event0 = _next_id("cases_timelineevent")
    measure0 = _next_id("cases_supportivemeasure")
    link0 = _next_id("cases_casereport")
    big_needed = not _big_case_exists()
    population = max(int(0.6 * (case0 - 1 + cases)), 100)

    # Case rows: created over six years, newest last; 25 % still open.
    case_rows, case_meta = [], []
    closed_ids = set()
    for i in range(cases):
        cid = case0 + i
        created = now - datetime.timedelta(seconds=int(six_years * (1 - (cid / (case0 + cases)))) + 3600)
        is_open = rng.random() < 0.25
        status = rng.choice(OPEN_STATUSES) if is_open else rng.choice(CLOSED_STATUSES)
        if not is_open:
            closed_ids.add(cid)
        cats = sorted(set(rng.sample(CATEGORIES, rng.randint(1, 2))))
        title_ix = bool(set(cats) & TITLE_IX)
        due = (today + datetime.timedelta(days=rng.randint(-20, 40))) if is_open else None
        reference = BIG_CASE_REFERENCE if (big_needed and i == 0) else f"C-{created.year}-{b32(cid, 5)}"
        case_rows.append(
            (
                cid,
                reference,
                status,
                "undecided" if status in ("new", "outreach", "assessment") else "supportive_measures",
                cats,
                rng.choice(staff["managers"]),
                rng.choice(staff["investigators"]) if rng.random() < 0.3 else None,
                rng.random() < 0.05,
                "undetermined",
                False,
                "",
                title_ix,
                title_ix,
                title_ix,
                title_ix,
                title_ix,
                created,
                due,
                None if is_open else created + datetime.timedelta(days=rng.randint(5, 120)),
                created,
                created,
            )
        )
        case_meta.append((cid, created, cats))
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Check the (deferrable) foreign keys row by row during COPY, not all at commit:
            # ALTER TABLE … ENABLE TRIGGER refuses to run while checks are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in TRIGGER_TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        n_cases = copy_rows(
            "cases_case",
            [
                "id",
                "reference",
                "status",
                "pathway",
                "categories",
                "case_manager_id",
                "investigator_id",
                "shared_with_brt",
                "process_track",
                "process_track_overridden",
                "process_track_reason",
                "title_ix_category",
                "ti_in_program_at_filing",
                "ti_in_institute_program",
                "ti_in_united_states",
                "is_title_ix",
                "stage_entered_at",
                "due_on",
                "closed_at",
                "created_at",
                "updated_at",
            ],
            case_rows,
        )
        del case_rows
        verbose(f"  cases: {n_cases} ({time.monotonic() - started:.1f} s)")

        # Reports: 1.5 per case; 1.4 linked to their case, the rest wait in the intake queue.
        n_reports = int(cases * 1.5)
        report_rows, rparty_rows, link_rows = [], [], []
        holders = []  # the people search's index rows (cases_identitytoken), made after the parties
        for j in range(n_reports):
            rid = report0 + j
            case_index = j if j < cases else (j - cases) * 2 if j < int(cases * 1.4) else None
            if case_index is not None and case_index < cases:
                cid, created, cats = case_meta[case_index]
                created = created - datetime.timedelta(hours=rng.randint(1, 48))
                link_rows.append((link0 + len(link_rows), cid, rid, coordinator, created))
            else:
                created = now - datetime.timedelta(seconds=rng.randint(60, 30 * 86400))
                cats = sorted(set(rng.sample(CATEGORIES, rng.randint(1, 2))))
            anonymous = rng.random() < 0.4
            code = known_receipt_code(rid) if rid % KNOWN_CODE_EVERY == 0 else f"{rid}-{rng.getrandbits(64)}"
            report_rows.append(
                (
                    rid,
                    "incident",
                    f"R-{b32(rid, 6)}",
                    "closed" if case_index is not None else "received",
                    cats,
                    bool(set(cats) & TITLE_IX),
                    [],
                    "harmed",
                    "unknown",
                    None,
                    None,
                    "on_campus",
                    None,
                    rng.choice(pools.narratives),
                    "",
                    anonymous,
                    None if anonymous else encrypt_str(person_name(rid)),
                    None if anonymous else encrypt_str(f"reporter{rid}@example.edu"),
                    None,
                    "" if anonymous else "student",
                    not anonymous,
                    receipt_code_hash(code),
                    created,
                    created,
                )
            )
            if not anonymous:
                holders.append(("reporter", rid, None, None, rid, None, person_name(rid), f"reporter{rid}@example.edu"))
            k = rng.randrange(population)
            name, email = person_name(k), person_email(k)
            holders.append(("report_party", rparty0 + j, None, None, rid, rparty0 + j, name, email))
            rparty_rows.append(
                (
                    rparty0 + j,
                    rid,
                    "respondent",
                    0,
                    encrypt_str(name),
                    encrypt_str(email),
                    "student",
                    rng.choice(pools.details),
                    blind_index(name, kind="name"),
                    blind_index(email, kind="email"),
                )
            )
        copy_rows(
            "reports_report",
            [
                "id",
                "kind",
                "reference",
                "status",
                "categories",
                "is_title_ix",
                "protected_bases",
                "relationship",
                "incident_date_precision",
                "incident_date",
                "incident_date_text",
                "location_type",
                "location_detail",
                "narrative",
                "police_contacted",
                "is_anonymous",
                "reporter_name",
                "reporter_email",
                "reporter_phone",
                "reporter_affiliation",
                "wants_follow_up",
                "receipt_code_hash",
                "created_at",
                "updated_at",
            ],
            report_rows,
        )
        del report_rows
        copy_rows(
            "reports_reportparty",
            [
                "id",
                "report_id",
                "role",
                "position",
                "name",
                "email",
                "affiliation",
                "details",
                "name_index",
                "email_index",
            ],
            rparty_rows,
        )
        del rparty_rows
        copy_rows("cases_casereport", ["id", "case_id", "report_id", "linked_by_id", "linked_at"], link_rows)
        verbose(f"  reports: {n_reports}, in cases: {len(link_rows)} ({time.monotonic() - started:.1f} s)")
        del link_rows

        # Case parties: complainant, respondent, witness (the big case gets many more).
        party_rows, complainant_of = [], {}
        pid = party0

        def party(cid, role, created, k):
            nonlocal pid
            name, email = person_name(k), person_email(k)
            holders.append(("party", pid, pid, cid, None, None, name, email))
            respondent = role == "respondent"
            party_rows.append(
                (
                    pid,
                    cid,
                    role,
                    rng.choice(["student", "employee", "unknown"]),
                    encrypt_str(name),
                    encrypt_str(email),
                    blind_index(name, kind="name") if respondent else "",
                    blind_index(email, kind="email") if respondent else "",
                    created,
                )
            )
            pid += 1
            return pid - 1

        big_parties = []
        for index, (cid, created, _cats) in enumerate(case_meta):
            complainant_of[cid] = party(cid, "complainant", created, population + cid)
            party(cid, "respondent", created, rng.randrange(population))
            party(cid, "witness", created, population * 3 + cid)
            if big_needed and index == 0:
                for extra in range(BIG_PARTIES - 3):
                    role = ["respondent", "witness", "other"][extra % 3]
                    big_parties.append(party(cid, role, created, rng.randrange(population)))
        n_parties = copy_rows(
            "cases_party",
            [
                "id",
                "case_id",
                "role",
                "affiliation",
                "name",
                "email",
                "name_index",
                "email_index",
                "created_at",
            ],
            party_rows,
        )
        party_rows.clear()
        verbose(f"  case parties: {n_parties} ({time.monotonic() - started:.1f} s)")

        # The people search's blind indexes (cases.models.IdentityToken) of every person above.
        digests = functools.lru_cache(maxsize=300_000)(
            lambda name, email: sorted(identity_digests(name=name, email=email))
        )

        def identity_tokens():
            tid = _next_id("cases_identitytoken")
            for subject, pk, party_id, case_id, report_id, report_party_id, name, email in holders:
                for kind, digest in digests(name, email):
                    yield (tid, digest, kind, subject, f"{subject}:{pk}", party_id, case_id, report_id, report_party_id)
                    tid += 1

        n_tokens = copy_rows(
            "cases_identitytoken",
            ["id", "digest", "kind", "subject", "holder", "party_id", "case_id", "report_id", "report_party_id"],
            identity_tokens(),
        )
        holders.clear()
        verbose(f"  identity blind indexes: {n_tokens} ({time.monotonic() - started:.1f} s)")

        # Supportive measures: 2 per case, for the complainant.
        def measures():
            mid = measure0
            for index, (cid, created, _cats) in enumerate(case_meta):
                count = BIG_MEASURES if (big_needed and index == 0) else 2
                for m in range(count):
                    requested = created.date() + datetime.timedelta(days=m)
                    effective = requested + datetime.timedelta(days=2) if m % 2 == 0 else None
                    ended = effective + datetime.timedelta(days=30) if effective and m % 4 == 0 else None
                    target = big_parties[m % len(big_parties)] if (big_parties and m % 2) else complainant_of[cid]
                    yield (
                        mid,
                        cid,
                        target,
                        MEASURE_KINDS[(cid + m) % len(MEASURE_KINDS)],
                        rng.choice(pools.details),
                        requested,
                        effective,
                        ended,
                        pools.notice[m % len(pools.notice)] if effective else pools.empty,
                        created if effective else None,
                        rng.choice(actors),
                        created,
                    )
                    mid += 1

        n_measures = copy_rows(
            "cases_supportivemeasure",
            [
                "id",
                "case_id",
                "party_id",
                "kind",
                "details",
                "requested_on",
                "effective_on",
                "ended_on",
                "notice_text",
                "notice_generated_at",
                "created_by_id",
                "created_at",
            ],
            measures(),
        )
        verbose(f"  supportive measures: {n_measures} ({time.monotonic() - started:.1f} s)")

        # Clery Act classifications and outcomes (issue 17's statistics page counts them).
        n_statistics = generate_statistics(
            copy_rows=copy_rows,
            next_id=_next_id,
            case_meta=case_meta,
            closed=closed_ids,
            complainant_of=complainant_of,
            actors=actors,
            pools=pools,
            rng=rng,
        )
        verbose(f"  statistics rows: {n_statistics} ({time.monotonic() - started:.1f} s)")

        # Timeline: 10 events per case (the big case: BIG_EVENTS).
        def events():
            eid = event0
            for index, (cid, created, _cats) in enumerate(case_meta):
                count = BIG_EVENTS if (big_needed and index == 0) else 10
                for e in range(count):
                    kind = "opened" if e == 0 else EVENT_KINDS[(cid + e) % len(EVENT_KINDS)]
                    yield (
                        eid,
                        cid,
                        kind,
                        f"{kind.replace('_', ' ').capitalize()} ({e})",
                        actors[(cid + e) % len(actors)],
                        created + datetime.timedelta(hours=e * 7),
                    )
                    eid += 1

        n_events = copy_rows(
            "cases_timelineevent", ["id", "case_id", "kind", "summary", "actor_id", "created_at"], events()
        )
        verbose(f"  timeline events: {n_events} ({time.monotonic() - started:.1f} s)")
        with connection.cursor() as cursor:
            for table in TRIGGER_TABLES:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            # What cases_casereport's trigger does row by row (cases.models.CaseReport), in one go.
            cursor.execute(
                "UPDATE reports_report AS r SET in_case = true WHERE NOT r.in_case"
                " AND EXISTS (SELECT 1 FROM cases_casereport AS l WHERE l.report_id = r.id)"
            )
        for table in [
            "cases_case",
            "reports_report",
            "reports_reportparty",
            "cases_party",
            "cases_supportivemeasure",
            "cases_timelineevent",
            "cases_casereport",
            "cases_identitytoken",
            *STATISTICS_TABLES,
        ]:
            _reset_sequence(table)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    elapsed = time.monotonic() - started
    verbose(f"  committed and analysed ({elapsed:.1f} s)")
    return {
        "cases": n_cases,
        "reports": n_reports,
        "case_parties": n_parties,
        "report_parties": n_reports,
        "timeline_events": n_events,
        "supportive_measures": n_measures,
        **n_statistics,
        "seconds": round(elapsed, 1),
    }


def _big_case_exists() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM cases_case WHERE reference = %s", [BIG_CASE_REFERENCE])
        return cursor.fetchone() is not None


def totals() -> dict:
    with connection.cursor() as cursor:
        out = {}
        for label, table in [
            ("cases", "cases_case"),
            ("reports", "reports_report"),
            ("case_parties", "cases_party"),
            ("report_parties", "reports_reportparty"),
            ("timeline_events", "cases_timelineevent"),
            ("supportive_measures", "cases_supportivemeasure"),
        ]:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 (fixed table names)
            out[label] = cursor.fetchone()[0]
        return out
