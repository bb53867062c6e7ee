"""Keeping the identity blind indexes (cases.models.IdentityToken) in step with the people.

`identity_tokens_sync_*` run on every save of a party, a named person, a report or
a referral (cases/receivers.py), so every path that writes a person (triage, the
case form, intake, the demo, tests' factories) is indexed. `identity_tokens_rebuild`
recomputes every row from the decrypted values under BLIND_INDEX_KEY: the data
migration's backfill and `rotate_blind_index_key` use it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import transaction

from idhr_portal.crypto import blind_index, name_tokens
from idhr_portal.crypto_rotation import RotationCounts

from ..models import IdentityToken, Party

Kind, Subject = IdentityToken.Kind, IdentityToken.Subject


def identity_digests(*, name: str, email: str, key: str | None = None) -> set[tuple[str, str]]:
    """{(kind, keyed hash)} of one person's name words, full name and email address."""
    wanted = {(Kind.TOKEN.value, blind_index(token, kind="token", key=key)) for token in name_tokens(name or "")}
    for kind, value in ((Kind.NAME.value, name), (Kind.EMAIL.value, email)):
        digest = blind_index(value or "", kind=kind, key=key)
        if digest:
            wanted.add((kind, digest))
    return wanted


def _holder_fields(subject: str, obj) -> dict:
    if subject == Subject.PARTY:
        return {"party_id": obj.pk, "case_id": obj.case_id}
    if subject == Subject.REPORT_PARTY:
        return {"report_id": obj.report_id, "report_party_id": obj.pk}
    return {"report_id": obj.report_id if subject == Subject.IMPACTED else obj.pk}


def _sync(subject: str, obj, *, name: str, email: str, key: str | None = None) -> tuple[int, int]:
    """Make the holder's rows exactly its digests; (rows added, rows removed)."""
    holder = f"{subject}:{obj.pk}"
    wanted = identity_digests(name=name, email=email, key=key)
    stored = set(IdentityToken.objects.filter(holder=holder).values_list("kind", "digest"))
    stale = stored - wanted
    if stale:
        IdentityToken.objects.filter(holder=holder, digest__in=[d for _k, d in stale]).delete()
    fields = _holder_fields(subject, obj)
    IdentityToken.objects.bulk_create(
        [
            IdentityToken(digest=digest, kind=kind, subject=subject, holder=holder, **fields)
            for kind, digest in sorted(wanted - stored)
        ]
    )
    return len(wanted - stored), len(stale)


def identity_tokens_sync_party(*, party: Party, key: str | None = None) -> tuple[int, int]:
    return _sync(Subject.PARTY, party, name=party.name or "", email=party.email or "", key=key)


def identity_tokens_sync_report_party(*, report_party, key: str | None = None) -> tuple[int, int]:
    return _sync(
        Subject.REPORT_PARTY, report_party, name=report_party.name or "", email=report_party.email or "", key=key
    )


def identity_tokens_sync_reporter(*, report, key: str | None = None) -> tuple[int, int]:
    """A named reporter (nothing for an anonymous report: it has no name or email)."""
    return _sync(Subject.REPORTER, report, name=report.reporter_name or "", email=report.reporter_email or "", key=key)


def identity_tokens_sync_impacted(*, referral, key: str | None = None) -> tuple[int, int]:
    return _sync(
        Subject.IMPACTED, referral, name=referral.impacted_name or "", email=referral.impacted_email or "", key=key
    )


def _sources() -> list[tuple[str, object, Callable]]:
    from reports.models import Referral, Report, ReportParty

    return [
        ("cases.Party", Party, lambda obj, key: identity_tokens_sync_party(party=obj, key=key)),
        (
            "reports.ReportParty",
            ReportParty,
            lambda obj, key: identity_tokens_sync_report_party(report_party=obj, key=key),
        ),
        ("reports.Report", Report, lambda obj, key: identity_tokens_sync_reporter(report=obj, key=key)),
        ("reports.Referral", Referral, lambda obj, key: identity_tokens_sync_impacted(referral=obj, key=key)),
    ]


def _fields(model) -> list[str]:
    names = {
        "Party": ["case_id", "name", "email"],
        "ReportParty": ["report_id", "name", "email"],
        "Report": ["reporter_name", "reporter_email"],
        "Referral": ["report_id", "impacted_name", "impacted_email"],
    }[model.__name__]
    return ["pk", *names]


def _chunks(model, batch_size: int) -> Iterable[list]:
    last = 0
    while True:
        rows = list(model._base_manager.filter(pk__gt=last).order_by("pk").only(*_fields(model))[:batch_size])
        if not rows:
            return
        yield rows
        last = rows[-1].pk


def identity_tokens_rebuild(
    *,
    batch_size: int = 500,
    old_key: str | None = None,
    check_only: bool = False,
    progress: Callable[[str], None] = lambda message: None,
) -> RotationCounts:
    """Recompute every identity blind index from the decrypted values under BLIND_INDEX_KEY.

    Resumable and idempotent: a person whose rows are right is not written. With
    `old_key`, a person whose stored rows match neither key is reported (no content).
    """
    total = RotationCounts()
    new_key = settings.BLIND_INDEX_KEY
    for label, model, sync in _sources():
        counts = RotationCounts()
        for rows in _chunks(model, batch_size):
            with transaction.atomic():
                for obj in rows:
                    counts.rows += 1
                    if check_only:
                        changed = _would_change(label, obj, new_key)
                    else:
                        if old_key is not None and _would_change(label, obj, new_key):
                            if _would_change(label, obj, old_key):
                                counts.errors.append(f"{label} pk={obj.pk} identity tokens")
                        added, removed = sync(obj, new_key)
                        changed = bool(added or removed)
                        counts.values += added
                    counts.rotated += int(bool(changed))
            progress(f"{label} identity tokens: {counts.rows} row(s) read, {counts.rotated} recomputed")
        total.add(counts)
    return total


def _would_change(label: str, obj, key: str) -> bool:
    subject, name, email = {
        "cases.Party": (Subject.PARTY, "name", "email"),
        "reports.ReportParty": (Subject.REPORT_PARTY, "name", "email"),
        "reports.Report": (Subject.REPORTER, "reporter_name", "reporter_email"),
        "reports.Referral": (Subject.IMPACTED, "impacted_name", "impacted_email"),
    }[label]
    wanted = identity_digests(name=getattr(obj, name) or "", email=getattr(obj, email) or "", key=key)
    stored = set(IdentityToken.objects.filter(holder=f"{subject}:{obj.pk}").values_list("kind", "digest"))
    return wanted != stored


def person_page_access_log(*, user, appearances) -> int:
    """The person page reads every case and report it lists: one access-log row each."""
    from ..models import AccessLog

    seen, rows = set(), []
    for appearance in appearances:
        object_type = "cases.case" if appearance.kind == "case" else "reports.report"
        if (object_type, appearance.object_id) in seen:
            continue
        seen.add((object_type, appearance.object_id))
        rows.append(
            AccessLog(
                user=user,
                action=AccessLog.Action.VIEW,
                object_type=object_type,
                object_id=str(appearance.object_id),
                object_ref=appearance.reference[:40],
                with_identities=True,
            )
        )
    AccessLog.objects.bulk_create(rows)
    return len(rows)
