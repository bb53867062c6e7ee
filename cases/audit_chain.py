"""Tamper evidence for the audit rows (issue 18, item 4).

The transition log, the timeline, the access log and every pghistory event table are
append-only hash chains, kept by the database itself so that no writer can forget:

- an AFTER INSERT trigger seals each new row in cases_auditseal:
  content_hash = SHA-256(the row as jsonb, its key-dependent columns left out),
  hash = SHA-256(previous hash + content_hash),
  one chain per table, serialised by a transaction-level advisory lock;
- a BEFORE UPDATE/DELETE trigger refuses any change to those rows and to the seals,
  whoever asks (the application's role included), except on the retention purge's own
  path (`purge_path()`: SET LOCAL idhr.audit_purge) taken by the tables' owner, which
  marks the seals of what it removed (or updated on the way: a SET NULL) as purged (the
  rows it deleted are counted in its PurgeLog); a runtime role with row rights only
  (docs/deployment.md, "Two database roles") that sets the flag is refused, and a seal
  is never deleted;
- `audit_verify()` walks every chain, recomputing each link and each live row's content
  hash, and names the first broken link (manage.py audit_verify, the daily beat task).

The triggers are (re)installed after every migrate (post_migrate), so an event table
added later is chained as soon as it exists. Rows written before installation are
sealed then, in primary-key order (`audit_chain_install`).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from dataclasses import dataclass

import pghistory.models
from django.apps import apps
from django.db import connection

SEAL_TABLE = "cases_auditseal"
GENESIS = "0" * 64
PURGE_SETTING = "idhr.audit_purge"
# Set by idhr_portal.crypto_rotation around its batches (it may not import cases).
ROTATE_SETTING = "idhr.key_rotation"

# The content hash of a row `t`, the encrypted columns (parameter, text[]) left out; the
# trigger computes the same from NEW.
CONTENT_SQL = "encode(sha256(convert_to((to_jsonb(t) - %s::text[])::text, 'UTF8')), 'hex')"

FUNCTIONS_SQL = f"""
CREATE OR REPLACE FUNCTION idhr_audit_seal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    prev text;
    content text;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('idhr_audit:' || TG_TABLE_NAME));
    SELECT hash INTO prev FROM {SEAL_TABLE} WHERE chain = TG_TABLE_NAME ORDER BY id DESC LIMIT 1;
    prev := coalesce(prev, '{GENESIS}');
    content := encode(sha256(convert_to((to_jsonb(NEW) - TG_ARGV[1:TG_NARGS])::text, 'UTF8')), 'hex');
    INSERT INTO {SEAL_TABLE} (chain, row_pk, content_hash, prev_hash, hash, purged, created_at)
    VALUES (TG_TABLE_NAME, to_jsonb(NEW) ->> TG_ARGV[0], content, prev,
            encode(sha256(convert_to(prev || content, 'UTF8')), 'hex'), false, now());
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION idhr_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    -- The paths below are the owner's (migrations, the purge, key rotation): a role with
    -- row rights only (the runtime role) that sets the flags is refused all the same.
    owner boolean := pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER');
BEGIN
    -- A seal is never deleted (the purge marks it purged).
    IF TG_TABLE_NAME = '{SEAL_TABLE}' AND TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit rows are append-only: % on % refused', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- Key rotation (idhr_portal.crypto_rotation) rewrites the encrypted columns and their
    -- blind indexes, which the content hash leaves out (Fernet tokens authenticate
    -- themselves): it may change those and nothing else.
    IF owner AND TG_OP = 'UPDATE' AND coalesce(current_setting('{ROTATE_SETTING}', true), '') = 'on'
       AND (to_jsonb(OLD) - TG_ARGV[1:TG_NARGS]) = (to_jsonb(NEW) - TG_ARGV[1:TG_NARGS]) THEN
        RETURN NEW;
    END IF;
    IF owner AND coalesce(current_setting('{PURGE_SETTING}', true), '') = 'on' THEN
        -- A row the purge deletes, or updates on its way (SET NULL of a deleted row's
        -- reference), is marked on its seal: its content is no longer checked.
        IF TG_TABLE_NAME <> '{SEAL_TABLE}' THEN
            UPDATE {SEAL_TABLE} SET purged = true
             WHERE chain = TG_TABLE_NAME AND row_pk = to_jsonb(OLD) ->> TG_ARGV[0];
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit rows are append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END $$;
"""  # noqa: S608 - table names are constants


def _encrypted_columns(model) -> tuple[str, ...]:
    """The key-dependent columns: encrypted fields and their blind indexes (`<name>_index`),
    which key rotation rewrites."""
    from idhr_portal.crypto import EncryptedJSONField, EncryptedTextField

    names = {f.name: f.column for f in model._meta.concrete_fields}
    columns = set()
    for f in model._meta.concrete_fields:
        if isinstance(f, (EncryptedTextField, EncryptedJSONField)):
            columns.add(f.column)
            if f"{f.name}_index" in names:
                columns.add(names[f"{f.name}_index"])
    return tuple(sorted(columns))


def audited_tables() -> list[tuple[str, str, tuple[str, ...]]]:
    """(table, primary-key column, encrypted columns) of every chained table.

    The content hash covers every column but the encrypted ones, whose Fernet tokens
    are authenticated by the key and change when the key is rotated.
    """
    models_ = [apps.get_model(label) for label in ("cases.TransitionLog", "cases.TimelineEvent", "cases.AccessLog")]
    models_.append(apps.get_model("cases.Disclosure"))  # the disclosure log (issue 18, item 5)
    models_ += [
        model
        for model in apps.get_models()
        if issubclass(model, pghistory.models.Event) and not model._meta.proxy and model._meta.managed
    ]
    tables = {(m._meta.db_table, m._meta.pk.column, _encrypted_columns(m)) for m in models_}
    return sorted(tables)


def _args(pk: str, encrypted: tuple[str, ...]) -> str:
    return ", ".join(f"'{name}'" for name in (pk, *encrypted))


def _existing(cursor, tables) -> set[str]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename = ANY(%s)",
        [list(tables)],
    )
    return {row[0] for row in cursor.fetchall()}


def audit_chain_install() -> int:
    """Create the functions and triggers (idempotent) and seal rows not sealed yet."""
    tables = audited_tables()
    with connection.cursor() as cursor:
        present = _existing(cursor, [t for t, _pk, _enc in tables] + [SEAL_TABLE])
        if SEAL_TABLE not in present:
            return 0
        cursor.execute(FUNCTIONS_SQL)
        cursor.execute(
            f"CREATE OR REPLACE TRIGGER idhr_audit_refuse BEFORE UPDATE OR DELETE ON {SEAL_TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION idhr_audit_refuse('id')"
        )
        installed = 0
        for table, pk, encrypted in tables:
            if table not in present:
                continue
            cursor.execute(
                f'CREATE OR REPLACE TRIGGER idhr_audit_seal AFTER INSERT ON "{table}" '
                f"FOR EACH ROW EXECUTE FUNCTION idhr_audit_seal({_args(pk, encrypted)})"
            )
            cursor.execute(
                f'CREATE OR REPLACE TRIGGER idhr_audit_refuse BEFORE UPDATE OR DELETE ON "{table}" '
                f"FOR EACH ROW EXECUTE FUNCTION idhr_audit_refuse({_args(pk, encrypted)})"
            )
            _seal_backlog(cursor, table, pk, encrypted)
            installed += 1
    return installed


def _seal_backlog(cursor, table: str, pk: str, encrypted: tuple[str, ...]) -> None:
    """Seal, in primary-key order, the rows written before the trigger existed."""
    cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"idhr_audit:{table}"])
    cursor.execute(
        f'SELECT t."{pk}"::text, {CONTENT_SQL} '  # noqa: S608 - table names from models
        f'FROM "{table}" t WHERE NOT EXISTS (SELECT 1 FROM {SEAL_TABLE} s '
        f'WHERE s.chain = %s AND s.row_pk = t."{pk}"::text) ORDER BY t."{pk}"',
        [list(encrypted), table],
    )
    backlog = cursor.fetchall()
    if not backlog:
        return
    cursor.execute(f"SELECT hash FROM {SEAL_TABLE} WHERE chain = %s ORDER BY id DESC LIMIT 1", [table])  # noqa: S608 - table names from models
    row = cursor.fetchone()
    prev = row[0] if row else GENESIS
    for row_pk, content in backlog:
        link = chain_hash(prev, content)
        cursor.execute(
            f"INSERT INTO {SEAL_TABLE} (chain, row_pk, content_hash, prev_hash, hash, purged, created_at) "  # noqa: S608 - table names from models
            "VALUES (%s, %s, %s, %s, %s, false, now())",
            [table, row_pk, content, prev, link],
        )
        prev = link


def chain_hash(prev: str, content_hash: str) -> str:
    return hashlib.sha256((prev + content_hash).encode("utf-8")).hexdigest()


@contextlib.contextmanager
def purge_path():
    """The retention purge's own path: inside the caller's transaction, audit rows may be
    deleted and their seals are marked purged. Anything else is refused by the trigger."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, 'on', true)", [PURGE_SETTING])
    try:
        yield
    finally:
        if not connection.needs_rollback:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, '', true)", [PURGE_SETTING])


@dataclass
class Break:
    chain: str
    row_pk: str
    seal_id: int
    problem: str

    def __str__(self):
        return f"{self.chain} row {self.row_pk} (seal {self.seal_id}): {self.problem}"


@dataclass
class Verification:
    links: int
    heads: dict[str, str]
    first_break: Break | None

    @property
    def ok(self) -> bool:
        return self.first_break is None


def audit_verify() -> Verification:
    """Walk every chain; the first broken link (by chain name, then order), or none."""
    links, heads = 0, {}
    tables = {table: (pk, encrypted) for table, pk, encrypted in audited_tables()}
    with connection.cursor() as cursor:
        present = _existing(cursor, tables)
        cursor.execute(f"SELECT DISTINCT chain FROM {SEAL_TABLE} ORDER BY chain")  # noqa: S608 - table names from models
        chains = [row[0] for row in cursor.fetchall()]
        for chain in chains:
            if chain not in present or chain not in tables:
                continue
            pk, encrypted = tables[chain]
            cursor.execute(
                f"SELECT s.id, s.row_pk, s.content_hash, s.prev_hash, s.hash, s.purged, "  # noqa: S608 - table names from models
                f"CASE WHEN t.{pk} IS NULL THEN NULL ELSE {CONTENT_SQL} END "
                f'FROM {SEAL_TABLE} s LEFT JOIN "{chain}" t ON t."{pk}"::text = s.row_pk '
                f"WHERE s.chain = %s ORDER BY s.id",
                [list(encrypted), chain],
            )
            prev = GENESIS
            for seal_id, row_pk, content, prev_hash, link, purged, actual in cursor.fetchall():
                links += 1
                problem = None
                if prev_hash != prev:
                    problem = "the previous hash does not match the link before it"
                elif link != chain_hash(prev_hash, content):
                    problem = "the link's hash does not match its content"
                elif not purged and actual is None:
                    problem = "the row was deleted"
                elif not purged and actual != content:
                    problem = "the row was altered"
                if problem:
                    return Verification(links, heads, Break(chain, row_pk, seal_id, problem))
                prev = link
            heads[chain] = prev
    return Verification(links, heads, None)


def audit_heads() -> dict[str, str]:
    """The head hash of each chain, for a copy outside the database (the daily digest)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT ON (chain) chain, hash FROM {SEAL_TABLE} ORDER BY chain, id DESC"  # noqa: S608 - table names from models
        )
        return dict(cursor.fetchall())


def audit_verify_and_alert(*, today=None) -> Verification:
    """The daily check (beat): verify, and send the coordinators the result with the head
    hashes, an alert when a link is broken. Returns the verification."""
    from django.utils import timezone

    from notifications.models import Notification
    from notifications.services import notification_event

    from .audit_anchors import anchors_append, anchors_check

    today = today or timezone.localdate()
    result = audit_verify()
    # The heads anchored on earlier days must still lie on the chains (a chain recomputed
    # with the owner's credentials passes audit_verify, not this); today's are appended
    # only to an intact chain.
    broken = str(result.first_break) if result.first_break else ""
    if not broken:
        _checked, mismatch = anchors_check()
        if mismatch:
            broken = f"chain no longer matches {mismatch}"
            result.first_break = Break(mismatch.anchor["chain"], "", mismatch.anchor["seal_id"], broken)
        else:
            try:
                anchors_append()
            except OSError:  # the digest still goes out; the log says why no anchor was written
                logging.getLogger(__name__).exception("audit: could not append to the anchor file")
    notification_event(
        event=Notification.Event.AUDIT_CHAIN,
        reference=today.isoformat(),
        object_ref=f"cases.audit:{today.isoformat()}",
        context={
            "broken": broken,
            "links": result.links,
            "heads": sorted(audit_heads().items()),
        },
    )
    return result
