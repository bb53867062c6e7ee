"""One person, one party: matching people brought in by triage, merging and removing parties.

Triage into an existing case compares each person the report names with the case's
parties by blind index (same full name or same email address: nothing decrypted to
match) and, unless staff say it is someone else, keeps the existing party instead of
adding a second row. Two parties that are one person are merged: the records that
point at the one merged away (measures, consents, interviews, sanctions, appeals,
objections, and whatever later points at a party) move to the one kept, and both
parties' histories stay (the merged party's history rows keep its id). A party added
by mistake is removed while the case is new, with a reason.
"""

from __future__ import annotations

import pghistory
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from idhr_portal.crypto import blind_index

from ..models import Case, IdentityToken, Party, TimelineEvent
from ..selectors.intake import report_named_complainant
from .audit import audited, ensure_editable, timeline_event
from .parties import party_save


def party_match_in_case(*, case: Case, name: str, email: str, among=None, role: str = "") -> Party | None:
    """The party of this case (of `among`, ids, and in `role`, when given) with the same
    email address or else the same full name, if any (a shared name is weaker evidence)."""
    parties = Party.objects.filter(case=case).order_by("pk")
    if among is not None:
        parties = parties.filter(pk__in=list(among))
    if role:
        parties = parties.filter(role=role)
    email_index = blind_index(email or "", kind="email")
    if email_index:
        found = parties.filter(email_index=email_index).first()
        if found is not None:
            return found
    name_index = blind_index(name or "", kind="name")
    if name_index:
        return parties.filter(name_index=name_index).first()
    return None


def party_add_or_match(
    *, party: Party, actor, among=None, same_as: int | None | str = "auto", source: str = ""
) -> Party:
    """Triage's way to add a person: kept as the existing party (of `among`, in the same
    role) it matches, unless `same_as` is None (staff said: someone else) or the id of the
    party it is (staff said so, whatever its role: the party keeps its role)."""
    existing = None
    if same_as == "auto":
        existing = party_match_in_case(
            case=party.case, name=party.name, email=party.email, among=among, role=party.role
        )
    elif same_as is not None:
        existing = Party.objects.filter(case=party.case, pk=same_as).first()
    if existing is None:
        return party_save(party=party, actor=actor)
    changed = False
    for field in ("name", "email"):
        if not getattr(existing, field) and getattr(party, field):
            setattr(existing, field, getattr(party, field))
            changed = True
    if changed:
        party_save(party=existing, actor=actor)
    timeline_event(
        party.case,
        TimelineEvent.Kind.PARTY,
        _("%(source)s names the %(role)s already in the case: no second party added")
        % {"source": source or _("The report"), "role": existing.get_role_display().lower()},
        actor,
    )
    return existing


def _pointers_to(party_model=Party):
    """Every (model, field) whose rows point at a party, except history copies and indexes."""
    for rel in party_model._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and rel.is_relation):
            continue
        if rel.on_delete is models.DO_NOTHING or rel.related_model is IdentityToken:
            continue  # history rows keep the party they were written for; indexes follow the party
        yield rel.related_model, rel.field.name


@audited
def party_merge(*, keep: Party, merge: Party, actor, reason: str = "") -> Party:
    """Merge `merge` into `keep` (same case): its records move to `keep`, blank identity
    fields of `keep` are filled from it, and it is deleted; both histories stay."""
    ensure_editable(actor, keep.case)
    if keep.case_id != merge.case_id:
        raise ValidationError(_("Only two parties of the same case can be merged."))
    if keep.pk == merge.pk:
        raise ValidationError(_("Choose another party to merge with."))
    keep = Party.objects.select_for_update().get(pk=keep.pk)
    merge = Party.objects.select_for_update().get(pk=merge.pk)
    with pghistory.context(merged_into=keep.pk, merged_party=merge.pk, reason=(reason or "").strip()):
        for model, field in _pointers_to():
            model._base_manager.filter(**{field: merge.pk}).update(**{field: keep.pk})
        for field in ("name", "email"):
            if not getattr(keep, field) and getattr(merge, field):
                setattr(keep, field, getattr(merge, field))
        if keep.affiliation == "unknown" and merge.affiliation != "unknown":
            keep.affiliation = merge.affiliation
        merge_role, merge_id = merge.get_role_display(), merge.pk
        merge.delete()
        party_save(party=keep, actor=actor)
    timeline_event(
        keep.case,
        TimelineEvent.Kind.PARTY,
        _("Parties merged: the %(merged)s (#%(merged_id)s) is the %(kept)s (#%(kept_id)s); both histories kept")
        % {
            "merged": merge_role.lower(),
            "merged_id": merge_id,
            "kept": keep.get_role_display().lower(),
            "kept_id": keep.pk,
        },
        actor,
    )
    return keep


@audited
def party_remove(*, party: Party, actor, reason: str) -> None:
    """Remove a party added by mistake: only while the case is new, and with a reason
    (kept in the history's context, not on the timeline, which names no one)."""
    ensure_editable(actor, party.case)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for removing this party.")})
    if party.case.status != Case.Status.NEW:
        raise ValidationError(_("A party can be removed only while the case is new; merge it instead."))
    role = party.get_role_display()
    try:
        with transaction.atomic(), pghistory.context(removed_party=party.pk, reason=reason):
            party.delete()
    except ProtectedError as error:
        raise ValidationError(
            _("This party has records (a measure, a consent, an interview...): merge it instead.")
        ) from error
    timeline_event(
        party.case,
        TimelineEvent.Kind.PARTY,
        _("%(role)s removed while the case was new (reason in the history)") % {"role": role},
        actor,
    )


def triage_person_matches(*, case: Case, report) -> list[dict]:
    """Who the report names that is already a party of the case (for the "same person
    as …?" question before adding the report). A read: nothing is written."""
    people = []
    complainant = report_named_complainant(report)
    if complainant is not None:
        people.append(("complainant", Party.Role.COMPLAINANT.label, complainant["name"], complainant["email"]))
    role_labels = {"respondent": Party.Role.RESPONDENT.label, "witness": Party.Role.WITNESS.label}
    for rp in report.parties.all():
        people.append((f"report_party:{rp.pk}", role_labels.get(rp.role, rp.role), rp.name or "", rp.email or ""))
    matches = []
    for key, role, name, email in people:
        party = party_match_in_case(case=case, name=name, email=email)
        if party is not None:
            matches.append({"key": key, "role": role, "name": name, "email": email, "party": party})
    return matches
