"""The regulation's invariants, written out from shared/REGULATIONS.md (34 CFR 106.45, 2020).

Used by the state-machine test (test_state_machine.py) after every step and by its
regression tests (test_state_machine_regressions.py). Every expectation here is read
from the database and the regulation's text: nothing is computed by the code under test
(the workflow's table, its guards and selectors are never imported). The one exception
is the audit chain, whose verification is itself the thing checked.

`Watch` keeps what the previous check saw (statuses, rows already checked), so that a
rule about the moment something happened ("recorded by", "held on", "resolved with")
is checked in the step that did it.

Cheap enough for every step: each invariant names the tables it reads (CHECKS), and after a
step only those whose tables the step wrote to are checked again (PostgreSQL counts the rows
each table had inserted, updated or deleted in the current transaction:
pg_stat_xact_user_tables; the state machine runs each example in one transaction). The
audit chain is checked the same way: every link written since the last check, against the
head of its chain (check_new_audit_links); the whole chain by audit_verify at the end.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import html
import re
import time
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection
from django.utils import timezone

from cases.audit_chain import audit_verify, audited_tables
from cases.models import (
    Allegation,
    Appeal,
    AuditSeal,
    Case,
    CaseAssignment,
    CaseDeadline,
    ConsentRecord,
    Determination,
    Dismissal,
    Evidence,
    Finding,
    Hearing,
    InformalResolution,
    Letter,
    Party,
    TransitionLog,
)
from idhr_portal import roles

from .sql import prepared

# The office's allowed moves, written out from DESIGN.md ("Status moves only through an
# explicit transition table") and the pathways of the seeds; the regulation's order of the
# formal process: investigation, determination, appeal window, closed. Reopening is back to
# assessment. Not imported from cases.workflow: a wrong table there must fail here.
ALLOWED_MOVES = {
    ("new", "outreach"), ("new", "assessment"),
    ("outreach", "assessment"),
    ("assessment", "closed_no_action"), ("assessment", "closed_information"),
    ("assessment", "supportive_measures"), ("assessment", "informal_resolution"), ("assessment", "investigation"),
    ("supportive_measures", "informal_resolution"), ("supportive_measures", "investigation"),
    ("supportive_measures", "closed"),
    ("informal_resolution", "investigation"), ("informal_resolution", "closed"),
    # 106.45(b)(9): informal resolution may be offered at any time before a determination.
    ("investigation", "determination"), ("investigation", "informal_resolution"),
    ("determination", "appeal_window"),
    # 106.45(b)(3)(i)-(ii): the formal complaint is dismissed (mandatory or discretionary) during the
    # investigation or before the determination is released, and the case closes; only with that
    # dismissal recorded (check_transitions), never as an ordinary close of a formal investigation.
    ("investigation", "closed"), ("determination", "closed"),
    ("appeal_window", "closed"),
    ("closed_no_action", "assessment"), ("closed_information", "assessment"), ("closed", "assessment"),
}
PRINCIPAL = ("complainant", "respondent")
# Decisions given to both parties at the same moment: (b)(3)(iii), (b)(7)(iv), (b)(8)(iii)(F).
DECISION_LETTERS = ("outcome", "dismissal", "appeal_outcome")
REPORT_BEFORE_HEARING_DAYS = 10  # (b)(5)(vii)
IS_FINAL = re.compile(r"\bis\s+final\b", re.IGNORECASE)


def letter_text(letter: Letter) -> str:
    """What the recipient reads: the letter's HTML without tags, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", letter.html or "")).split())


@dataclass
class Watch:
    """What the last check saw, and what the test itself chose (the expectation)."""

    case_id: int | None = None
    status: str | None = None
    last_transition_id: int = 0
    determinations: dict = field(default_factory=dict)  # pk -> (decided_by, outcome, decided_on, rationale)
    released: set = field(default_factory=set)  # determinations seen released
    held_hearings: set = field(default_factory=set)
    letters_seen: set = field(default_factory=set)
    bases_letters_seen: set = field(default_factory=set)
    resolved: set = field(default_factory=set)
    chosen_bases: dict = field(default_factory=dict)  # appeal pk -> {basis label} the party chose
    writes: dict = field(default_factory=dict)  # table -> rows written in this transaction, at the last check
    last_seal_id: int | None = None  # the audit links up to this one were checked
    heads: dict = field(default_factory=dict)  # chain -> hash of its last link checked
    seals_written: bool = False  # audit links written since they were last checked
    principal: set | None = None  # the complainant's and respondent's Party rows


def _coordinator_ids() -> set[int]:
    from django.contrib.auth import get_user_model

    return set(get_user_model().objects.filter(groups__name=roles.TITLE_IX_COORDINATOR).values_list("pk", flat=True))


def _holders(case: Case, role: str) -> set[int]:
    return set(CaseAssignment.objects.filter(case=case, role=role, ended_at__isnull=True).values_list("user_id", flat=True))


def check_transitions(case: Case, watch: Watch) -> None:
    """Every change of status has exactly one TransitionLog row, and the table allows it; a formal
    process closes from the investigation or the determination only by a dismissal of the formal
    complaint recorded for it ((b)(3)), and never after the determination was released."""
    new_rows = list(TransitionLog.objects.filter(case=case, pk__gt=watch.last_transition_id).order_by("pk"))
    for row in new_rows:
        move = (row.from_status, row.to_status)
        assert move in ALLOWED_MOVES, f"the move {row.from_status} → {row.to_status} is not one the table allows"
        if move in (("investigation", "closed"), ("determination", "closed")):
            assert Dismissal.objects.filter(case=case, continues_track="", created_at__lte=row.created_at).exists(), (
                f"the case was closed from the {row.from_status} stage without a dismissal of the formal complaint"
            )
            assert not Determination.objects.filter(case=case, released_at__isnull=False).exists(), (
                "a case closed by dismissal after its determination was released"
            )
    moves = [(row.from_status, row.to_status) for row in new_rows]
    if watch.status is not None:
        walked = watch.status
        for from_status, to_status in moves:
            assert from_status == walked, f"a TransitionLog row from {from_status} while the case was {walked}"
            walked = to_status
        assert walked == case.status, (
            f"the case went from {watch.status} to {case.status} with these TransitionLog rows: {moves}"
        )
    if new_rows:
        watch.last_transition_id = new_rows[-1].pk
    watch.status = case.status


def check_determinations(case: Case, watch: Watch) -> None:
    """(b)(7): a result and a rationale for each allegation; never recorded by the coordinator,
    the investigator or the appeal decision-maker ((b)(7)(i), (b)(8)(iii)(C))."""
    allegations = set(case.allegations.values_list("pk", flat=True))
    for determination in Determination.objects.filter(case=case):
        assert determination.outcome in ("responsible", "not_responsible"), "a determination without a result"
        assert (determination.rationale or "").strip(), "a determination recorded with an empty rationale"
        snapshot = (determination.decided_by_id, determination.outcome, determination.decided_on, determination.rationale)
        if watch.determinations.get(determination.pk) != snapshot:  # recorded (again) in this step
            by = determination.decided_by_id
            assert by not in _coordinator_ids(), "the determination was recorded by the Title IX coordinator"
            assert by != case.investigator_id, "the determination was recorded by the investigator"
            assert by not in _holders(case, "appeal_decision_maker"), (
                "the determination was recorded by the appeal decision-maker"
            )
            assert by in _holders(case, "decision_maker"), "the determination was recorded by someone not a decision-maker"
            watch.determinations[determination.pk] = snapshot
        if determination.released_at and determination.pk not in watch.released:  # released in this step
            watch.released.add(determination.pk)
            findings = {f.allegation_id: f for f in Finding.objects.filter(determination=determination)}
            for allegation in allegations:
                finding = findings.get(allegation)
                assert finding is not None, "a determination released without a finding on every allegation"
                assert finding.result in ("responsible", "not_responsible"), "a finding without a result"
                assert (finding.rationale or "").strip(), "a finding released without its rationale"


def check_both_parties(case: Case, watch: Watch) -> None:
    """(b)(3)(iii), (b)(7)(iv), (b)(8)(iii)(F): a dismissal, a determination or an appeal decision
    reaches both parties at once; and no letter says a determination is final while an appeal is
    pending or the appeal window is open ((b)(7)(iii))."""
    if watch.principal is None:  # no rule adds a complainant or a respondent
        watch.principal = set(Party.objects.filter(case=case, role__in=PRINCIPAL).values_list("pk", flat=True))
    principal = watch.principal
    letters = list(Letter.objects.filter(case=case, kind__in=DECISION_LETTERS).values_list(
        "pk", "kind", "regarding", "recipient_id", "sent_at", named=True))
    by_subject: dict[tuple[str, str], list] = {}
    for letter in letters:
        by_subject.setdefault((letter.kind, letter.regarding), []).append(letter)
    for (kind, regarding), group in by_subject.items():
        sent = {letter.recipient_id for letter in group if letter.sent_at} & principal
        prepared = {letter.recipient_id for letter in group} & principal
        assert prepared == principal, f"the {kind} letters ({regarding}) were not made for both parties"
        assert not sent or sent == principal, f"the {kind} ({regarding}) was given to one party and not the other"
    determination = Determination.objects.filter(case=case).first()
    if determination and determination.released_at:
        assert by_subject.get(("outcome", f"cases.determination:{determination.pk}")), (
            "a determination released with no outcome letter"
        )
    for appeal in Appeal.objects.filter(case=case, released_at__isnull=False):
        assert by_subject.get(("appeal_outcome", f"cases.appeal:{appeal.pk}")), (
            "an appeal decision released with no letter"
        )
    today = timezone.localdate()
    new = [letter.pk for letter in letters if letter.pk not in watch.letters_seen and letter.kind != "dismissal"]
    watch.letters_seen.update(new)
    for letter in Letter.objects.filter(pk__in=new).order_by("pk"):  # the text of the letters not read yet
        if not IS_FINAL.search(letter_text(letter)):
            continue
        pending = Appeal.objects.filter(case=case, dismissal__isnull=True, decision="pending")
        assert not pending.exists(), (
            f"the {letter.kind} letter says the determination is final while an appeal is pending"
        )
        if determination and determination.released_at:
            window_open = determination.appeal_deadline >= today or CaseDeadline.objects.filter(
                case=case, kind="appeal_filing", state="open", due_on__gte=today,
                regarding=f"cases.determination:{determination.pk}",
            ).exists()
            assert not window_open, f"the {letter.kind} letter says the determination is final in the appeal window"


def check_appeal_bases(case: Case, watch: Watch) -> None:
    """(b)(8): every basis a party chose is on the appeal record and in every letter about it."""
    for appeal in Appeal.objects.filter(case=case).prefetch_related("bases"):
        chosen = watch.chosen_bases.get(appeal.pk)
        if chosen is None:
            continue
        recorded = {basis.label for basis in appeal.bases.all()}
        assert chosen <= recorded, f"the appeal record keeps {sorted(recorded)} of the bases chosen {sorted(chosen)}"
        letters = Letter.objects.filter(case=case, regarding=f"cases.appeal:{appeal.pk}")
        for letter in letters.exclude(pk__in=watch.bases_letters_seen):
            watch.bases_letters_seen.add(letter.pk)
            text = letter_text(letter)
            missing = [label for label in sorted(chosen) if " ".join(label.split()) not in text]
            assert not missing, f"the {letter.kind} letter leaves out the basis chosen: {missing}"


def _report_letters_last_sent(case: Case) -> datetime.date | None:
    report_letters = list(Letter.objects.filter(case=case, kind="investigation_report"))
    if not report_letters or any(letter.sent_at is None for letter in report_letters):
        return None
    return max(timezone.localtime(letter.sent_at).date() for letter in report_letters)


def check_hearings(case: Case, watch: Watch) -> None:
    """(b)(5)(vii): on the Title IX track no hearing before the tenth day after the last report
    letter was sent; (b)(6)(i): none without an advisor for each party."""
    for hearing in Hearing.objects.filter(case=case, status="held").exclude(pk__in=watch.held_hearings):
        watch.held_hearings.add(hearing.pk)
        advised = set(Party.objects.filter(case=case, role="advisor").values_list("advises_id", flat=True))
        for party in Party.objects.filter(case=case, role__in=PRINCIPAL):
            assert party.pk in advised, f"a hearing held without an advisor for the {party.role}"
        if not case.is_title_ix:
            continue
        last_sent = _report_letters_last_sent(case)
        assert last_sent is not None, "a hearing held before the report letters were all sent"
        held_on = timezone.localtime(hearing.held_at).date()
        earliest = last_sent + datetime.timedelta(days=REPORT_BEFORE_HEARING_DAYS)
        assert held_on >= earliest, f"a hearing held on {held_on}, report letters sent on {last_sent}"


def check_evidence_clocks(case: Case, watch: Watch) -> None:
    """(b)(5)(vi): the 10 days to respond run only when each party has something to inspect."""
    if not CaseDeadline.objects.filter(case=case, kind="evidence_response", state="open").exists():
        return
    with_files = Evidence.objects.filter(investigation__case=case, directly_related=True, document__isnull=False)
    assert with_files.exists(), "an evidence-review clock runs but no evidence item has a file to inspect"


def check_informal(case: Case, watch: Watch) -> None:
    """(b)(9): resolved only after a signed formal complaint, with the written voluntary consent of
    both parties, and never where an employee is alleged to have harassed a student."""
    for informal in InformalResolution.objects.filter(case=case, outcome="resolved").exclude(pk__in=watch.resolved):
        watch.resolved.add(informal.pk)
        parties = list(Party.objects.filter(case=case, role__in=PRINCIPAL))
        consented = set(
            ConsentRecord.objects.filter(
                informal_resolution=informal, in_writing=True, voluntary=True, withdrawn_on__isnull=True
            ).values_list("party_id", flat=True)
        )
        roles_present = {party.role for party in parties}
        assert roles_present == set(PRINCIPAL), "an informal resolution resolved without both parties"
        for party in parties:
            assert party.pk in consented, f"an informal resolution resolved without the {party.role}'s written consent"
        if case.is_title_ix:
            assert _signed_formal_complaint(case), "an informal resolution resolved without a signed formal complaint"
            employee_student = any(p.role == "respondent" and p.affiliation == "employee" for p in parties) and any(
                p.role == "complainant" and p.affiliation == "student" for p in parties
            )
            assert not employee_student, "an informal resolution of an employee's alleged harassment of a student"


def _signed_formal_complaint(case: Case) -> bool:
    from reports.models import FormalComplaint

    return bool(case.coordinator_signed_complaint_at) or FormalComplaint.objects.filter(
        report__case_link__case=case
    ).exists()


def check_audit_chain() -> None:
    """The whole chain, by the portal's own verifier."""
    result = audit_verify()
    assert result.ok, f"the audit chain is broken: {result.first_break}"


# The content hash the design names: SHA-256 of the row as jsonb, its encrypted columns left out.
_CONTENT = "encode(sha256(convert_to((to_jsonb(t) - %s::text[])::text, 'UTF8')), 'hex')"


@functools.cache
def _audited_tables() -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """table -> (primary-key column, its SQL type, the encrypted columns)."""
    models = {model._meta.db_table: model for model in apps.get_models()}
    return {
        table: (pk, models[table]._meta.pk.rel_db_type(connection), encrypted)
        for table, pk, encrypted in audited_tables()
    }


def check_new_audit_links(watch: Watch) -> None:
    """Each link written since the last check follows the link before it in its chain
    (hash = SHA-256(previous hash + content hash)) and seals the row as it is now."""
    seals = AuditSeal.objects.order_by("pk")
    if watch.last_seal_id is None:  # the first check: continue from the heads as they are
        watch.last_seal_id = seals.values_list("pk", flat=True).last() or 0
        watch.heads = {}
        return
    new = list(seals.filter(pk__gt=watch.last_seal_id).values_list("pk", "chain", "row_pk", "content_hash",
                                                                   "prev_hash", "hash", "purged"))
    if not new:
        return
    for chain in {row[1] for row in new} - set(watch.heads):
        watch.heads[chain] = (
            seals.filter(chain=chain, pk__lte=watch.last_seal_id).values_list("hash", flat=True).last() or "0" * 64
        )
    chains = sorted({row[1] for row in new})
    tables = _audited_tables()
    parts, params = [], []
    for chain in chains:
        pk, pk_type, encrypted = tables[chain]
        parts.append(f'SELECT %s::text, t."{pk}"::text, {_CONTENT} FROM "{chain}" t '  # noqa: S608 - table names from the models
                     f'WHERE t."{pk}" = ANY(%s::text[]::{pk_type}[])')
        params += [chain, list(encrypted), [row[2] for row in new if row[1] == chain]]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        contents = {(chain, key): content for chain, key, content in cursor.fetchall()}
    for seal_id, chain, row_pk, content, prev, link, purged in new:
        where = f"{chain} row {row_pk} (seal {seal_id})"
        assert prev == watch.heads[chain], f"the audit chain is broken at {where}: not linked to the link before it"
        assert link == hashlib.sha256((prev + content).encode()).hexdigest(), (
            f"the audit chain is broken at {where}: its hash does not match its content"
        )
        assert purged or contents.get((chain, row_pk)) == content, f"the audit chain is broken at {where}: the row"
        watch.heads[chain] = link
    watch.last_seal_id = new[-1][0]


def _table(model) -> str:
    return model._meta.db_table


# Each invariant and the tables whose rows it reads: it is checked again after a step that wrote to one.
CHECKS = (
    (check_transitions, (Case, TransitionLog, Dismissal)),
    (check_determinations, (Determination, Finding, Allegation)),
    (check_both_parties, (Letter, Determination, Appeal)),
    (check_appeal_bases, (Appeal, Appeal.bases.through, Letter)),
    (check_hearings, (Hearing,)),
    (check_evidence_clocks, (CaseDeadline, Evidence)),
    (check_informal, (InformalResolution, ConsentRecord)),
)
TABLES = sorted({_table(model) for _check, models in CHECKS for model in models} | {_table(AuditSeal)})


def tables_written(watch: Watch) -> set[str]:
    """The tables written to since the last check (one query)."""
    now = dict(prepared("idhr_fsm_writes", "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del "
                        "FROM pg_stat_xact_user_tables WHERE relname = ANY($1::text[])", [TABLES]))
    changed = {table for table, count in now.items() if count != watch.writes.get(table)}
    watch.writes = now
    return changed


def check_all(watch: Watch, timings=None, *, everything: bool = False, audit: bool = True) -> None:
    """The invariants whose tables were written since the last check (all of them with
    `everything`), for the case the watch follows, and (with `audit`) the new links of the
    audit chain (links written while `audit` is off wait for the next check with it)."""
    changed = tables_written(watch)
    watch.seals_written |= _table(AuditSeal) in changed
    if watch.case_id is not None:
        case = None
        for check, models in CHECKS:
            if not everything and not changed & {_table(model) for model in models}:
                continue
            started = time.perf_counter()
            case = case or Case.objects.get(pk=watch.case_id)
            check(case, watch)
            if timings is not None:
                timings[f"~ {check.__name__} (ms)"] += int((time.perf_counter() - started) * 1000)
    if everything or (audit and watch.seals_written):
        watch.seals_written = False
        started = time.perf_counter()
        check_new_audit_links(watch)
        if timings is not None:
            timings["~ audit (ms)"] += int((time.perf_counter() - started) * 1000)
