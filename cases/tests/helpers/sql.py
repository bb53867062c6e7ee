"""The queries the state machine runs at every step, prepared once a database session: the
plan of a query of a dozen subqueries costs more than running it (PostgreSQL keeps the plan of
a prepared statement for the session). FACTS: what the rules' preconditions ask of the case."""

from __future__ import annotations

from django.db import connection

from cases.models import (
    Appeal,
    Case,
    CaseAssignment,
    CaseDeadline,
    CaseReport,
    ConflictAttestation,
    Determination,
    Dismissal,
    EvidenceReview,
    Hearing,
    InformalResolution,
    Investigation,
    InvestigationReport,
    Letter,
)
from reports.models import FormalComplaint

_PREPARED: set[tuple[int, str]] = set()  # (backend pid, statement name)


def prepared(name: str, sql: str, params: list) -> list[tuple]:
    """The rows of `sql` (parameters $1, $2...) for `params`, prepared the first time in this session."""
    connection.ensure_connection()
    raw = connection.connection
    pid = raw.info.backend_pid if hasattr(raw, "info") else raw.get_backend_pid()
    with connection.cursor() as cursor:
        if (pid, name) not in _PREPARED:
            cursor.execute(f"PREPARE {name} AS {sql}")
            _PREPARED.add((pid, name))
        cursor.execute(f"EXECUTE {name}({', '.join(['%s'] * len(params))})", params)
        return cursor.fetchall()


def _exists(model, where: str = "") -> str:
    return f"EXISTS (SELECT 1 FROM {model._meta.db_table} t WHERE t.case_id = c.id {where})"  # noqa: S608


# What the rules' preconditions ask of the case, read in one prepared query per step (planning
# a query of a dozen subqueries costs more than running it).
FACTS = {
    "investigation": _exists(Investigation),
    "review": _exists(EvidenceReview),
    "report": _exists(InvestigationReport),
    "report_unsent": _exists(InvestigationReport, "AND t.sent_on IS NULL"),
    "hearing": _exists(Hearing, "AND (t.status = 'scheduled' OR t.status = 'held' "
                                "AND t.recording_or_transcript_id IS NULL)"),
    "determination": _exists(Determination, "AND t.released_at IS NULL"),
    "released": _exists(Determination, "AND t.released_at IS NOT NULL"),
    "appeal": _exists(Appeal),
    "dismissal": _exists(Dismissal),
    "informal": _exists(InformalResolution),
    "unsent": _exists(Letter, "AND t.sent_at IS NULL"),
    "notice": _exists(Letter, "AND t.kind = 'allegations'"),
    "complaint": f"EXISTS (SELECT 1 FROM {FormalComplaint._meta.db_table} f JOIN {CaseReport._meta.db_table} t "  # noqa: S608
                 "ON t.report_id = f.report_id WHERE t.case_id = c.id)",
    "signed": "c.coordinator_signed_complaint_at IS NOT NULL",
    "unattested": f"EXISTS (SELECT 1 FROM {CaseAssignment._meta.db_table} t WHERE t.case_id = c.id "  # noqa: S608
                  f"AND t.ended_at IS NULL AND NOT EXISTS (SELECT 1 FROM {ConflictAttestation._meta.db_table} a "
                  "WHERE a.case_id = c.id AND a.user_id = t.user_id AND a.role = t.role)) OR (c.investigator_id "
                  f"IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {ConflictAttestation._meta.db_table} a WHERE "
                  "a.case_id = c.id AND a.user_id = c.investigator_id AND a.role = 'investigator'))",
    "decider": _exists(CaseAssignment, "AND t.role = 'decision_maker' AND t.ended_at IS NULL"),
    "decided": _exists(Appeal, "AND t.decision <> 'pending' AND t.released_at IS NULL"),
    "extendable": _exists(CaseDeadline, "AND t.state = 'open' AND t.extendable"),
}
CASE_COLUMNS = ("status", "is_title_ix", "investigator_id", "case_manager_id")
FACTS_SQL = (
    f"SELECT {', '.join(f'c.{column}' for column in CASE_COLUMNS)}, "  # noqa: S608 - names from the models
    + ", ".join(f"{expression} AS {name}" for name, expression in FACTS.items())
    + f" FROM {Case._meta.db_table} c WHERE c.id = $1"
)
