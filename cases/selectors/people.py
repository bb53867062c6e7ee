"""Finding people: identity search by blind index, and the person page.

Nothing is decrypted to search: the words of the search are folded and hashed
with the blind-index key (idhr_portal.crypto) and compared with
cases.models.IdentityToken. Only whole words match: "jor" never finds "Jordan".
Every result is limited to the cases and reports the user may see, and the Bias
Response Team (user_may_see_identities) never searches identities at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from idhr_portal.crypto import blind_index, search_words

from ..models import Case, CaseReport, IdentityToken, Party
from .access import (
    case_visible_queryset,
    user_is_coordinator,
    user_is_intake_staff,
    user_may_see_identities,
)

Kind, Subject = IdentityToken.Kind, IdentityToken.Subject

# A partial reference: "CUCYX", "2026-CUCYX", "C-2026-CUCYX", "R-7KQ2".
_REFERENCE_PART = re.compile(r"[A-Z0-9][A-Z0-9-]{3,19}")


def report_visible_queryset(user, queryset: QuerySet | None = None) -> QuerySet:
    """Reports a user may see: the coordinator every one; others the reports of cases
    they see, and intake staff the intake queue (reports in no case yet). None for a
    user who may not see identities (a report is an identity)."""
    from reports.models import Report

    queryset = Report.objects.all() if queryset is None else queryset
    if not user_may_see_identities(user):
        return queryset.none()
    if user_is_coordinator(user):
        return queryset
    q = Q(case_link__case__in=case_visible_queryset(user))
    if user_is_intake_staff(user):
        q |= Q(case_link__isnull=True)
    return queryset.filter(q)


def reference_part_q(term: str, field_name: str = "reference") -> Q | None:
    """A reference or a part of one (upper-cased); None when the term cannot be one."""
    term = term.strip().upper()
    if not _REFERENCE_PART.fullmatch(term):
        return None
    return Q(**{field_name: term}) | Q(**{f"{field_name}__contains": term})


# A search word held by more people than this is not used to drive a multi-word search.
RARE_ENOUGH = 2000
MAX_WORDS = 6


def identity_hits(term: str) -> QuerySet[IdentityToken]:
    """Rows of the people the search names: an email address, a whole name, or every word.

    "jordan" finds "Jordan Lee" and "Lee, Jordan"; "Lee Jordan" needs both words; an
    address finds its owner. Not limited by access: callers filter (the *_for functions).
    Several words: the rarest word's holders are read (index-only on digest, holder) and
    kept when they hold the other words too, so a common first name costs nothing more.
    """
    term = (term or "").strip()
    tokens = IdentityToken.objects.all()
    if not term:
        return tokens.none()
    if "@" in term:
        return tokens.filter(digest=blind_index(term, kind="email"))
    # Whoever has the whole name (the same set of words) has every word of it too, so the
    # words alone find them; one digest (or digest and holders) per query keeps the scan
    # index-only (an OR of two digests makes PostgreSQL read the table).
    words = list(dict.fromkeys(blind_index(w, kind="token") for w in search_words(term)))[:MAX_WORDS]
    q = Q(pk__in=[])
    if len(words) == 1:
        q = Q(digest=words[0])
    elif words:
        sizes = {d: tokens.filter(digest=d).values("pk")[: RARE_ENOUGH + 1].count() for d in words}
        rarest = min(words, key=sizes.get)
        if sizes[rarest] <= RARE_ENOUGH:
            holders = set(tokens.filter(digest=rarest).values_list("holder", flat=True))
            for other in words:
                if other != rarest and holders:
                    holders &= set(
                        tokens.filter(holder__in=holders, digest=other).values_list("holder", flat=True)
                    )
            q = Q(digest=rarest, holder__in=holders)
        else:  # every word is common: let the database intersect, from the rarest
            q = Q(digest=rarest)
            for other in words:
                if other != rarest:
                    q &= Exists(IdentityToken.objects.filter(holder=OuterRef("holder"), digest=other))
    return tokens.filter(q)


def identity_search_enabled(user) -> bool:
    return user_may_see_identities(user)


def case_ids_q(term: str, user) -> Q:
    """The cases with a party, or a report, whose identity the search names (the case list
    filters its own, visible, queryset with it). Matches nothing for the Bias Response Team."""
    if not identity_search_enabled(user):
        return Q(pk__in=[])
    hits = identity_hits(term)
    by_report = CaseReport.objects.filter(report_id__in=hits.filter(report__isnull=False).values("report_id"))
    return Q(pk__in=hits.filter(case__isnull=False).values("case_id")) | Q(pk__in=by_report.values("case_id"))


def case_ids_matching(term: str, user) -> QuerySet:
    """Ids of the cases case_ids_q names (as a subquery)."""
    return Case.objects.filter(case_ids_q(term, user)).values("pk")


REPORT_HITS_LIMIT = 1000


def report_ids_matching(term: str, user) -> list[int]:
    """Ids of reports naming someone the search names (reporter, impacted person, named
    person): the newest REPORT_HITS_LIMIT, read first so the list's query is an index
    lookup by id (a subquery made PostgreSQL walk every report in date order)."""
    if not identity_search_enabled(user):
        return []
    hits = identity_hits(term).filter(report__isnull=False).values_list("report_id", flat=True)
    return list(hits.order_by("-report_id").distinct()[:REPORT_HITS_LIMIT])


# --- the person page and the people search --------------------------------------------


@dataclass
class Appearance:
    """One place a person appears: a case party, or a report's reporter / named person."""

    holder: str
    role: str
    name: str
    email: str
    reference: str
    kind: str  # "case" or "report"
    status: str
    url_name: str
    object_id: int
    matched_by: set[str] = field(default_factory=set)

    @property
    def person_url(self) -> str:
        subject, _sep, pk = self.holder.partition(":")
        return reverse("admin:cases_person_detail", args=[subject, int(pk)])

    @property
    def matched_label(self) -> str:
        labels = {Kind.NAME: _("name"), Kind.EMAIL: _("email")}
        return ", ".join(str(labels[k]) for k in (Kind.NAME, Kind.EMAIL) if k in self.matched_by)


def _visible_hits(hits: QuerySet[IdentityToken], user) -> QuerySet[IdentityToken]:
    """Only rows of parties of visible cases and of visible reports (all for the coordinator)."""
    if user_is_coordinator(user):
        return hits
    visible_cases = case_visible_queryset(user).values("pk")
    visible_reports = report_visible_queryset(user).values("pk")
    return hits.filter(Q(case__in=visible_cases) | Q(report__in=visible_reports))


def appearances(holders: dict[str, set[str]], *, limit: int = 200) -> list[Appearance]:
    """The people behind these holders ("party:12": {"name", "email"}), decrypted, in a few queries."""
    from reports.models import Referral, Report, ReportParty

    ids: dict[str, list[int]] = {}
    for holder in list(holders)[:limit]:
        subject, _sep, pk = holder.partition(":")
        ids.setdefault(subject, []).append(int(pk))
    found: list[Appearance] = []
    for party in Party.objects.filter(pk__in=ids.get(Subject.PARTY, [])).select_related("case"):
        found.append(
            Appearance(f"party:{party.pk}", party.get_role_display(), party.name, party.email,
                       party.case.reference, "case", party.case.get_status_display(),
                       "admin:cases_case_change", party.case_id, holders[f"party:{party.pk}"])
        )
    report_parties = ReportParty.objects.filter(pk__in=ids.get(Subject.REPORT_PARTY, [])).select_related("report")
    for rp in report_parties:
        found.append(
            Appearance(f"report_party:{rp.pk}", rp.get_role_display(), rp.name or "", rp.email or "",
                       rp.report.reference, "report", rp.report.get_status_display(),
                       "admin:reports_report_change", rp.report_id, holders[f"report_party:{rp.pk}"])
        )
    for report in Report.objects.filter(pk__in=ids.get(Subject.REPORTER, [])):
        found.append(
            Appearance(f"reporter:{report.pk}", str(Subject.REPORTER.label).capitalize(), report.reporter_name or "",
                       report.reporter_email or "", report.reference, "report", report.get_status_display(),
                       "admin:reports_report_change", report.pk, holders[f"reporter:{report.pk}"])
        )
    for referral in Referral.objects.filter(pk__in=ids.get(Subject.IMPACTED, [])).select_related("report"):
        found.append(
            Appearance(f"impacted:{referral.pk}", str(Subject.IMPACTED.label).capitalize(),
                       referral.impacted_name or "", referral.impacted_email or "", referral.report.reference, "report",
                       referral.report.get_status_display(), "admin:reports_report_change", referral.report_id,
                       holders[f"impacted:{referral.pk}"])
        )
    found.sort(key=lambda a: (a.kind, a.reference, a.holder))
    return found


def people_search_for(*, term: str, user, limit: int = 50) -> list[Appearance]:
    """The people search: each person (holder) the search names, within the user's access."""
    if not identity_search_enabled(user):
        return []
    rows = (
        _visible_hits(identity_hits(term), user)
        .order_by("holder")
        .values_list("holder", flat=True)
        .distinct()[:limit]
    )
    return appearances({holder: set() for holder in rows}, limit=limit)


def person_appearances_for(*, holder: str, user, limit: int = 200) -> list[Appearance] | None:
    """Everywhere the person of `holder` appears (same full name or same email address),
    within the user's access; None when the user may not see that person at all."""
    if not identity_search_enabled(user):
        return None
    own = IdentityToken.objects.filter(holder=holder, kind__in=[Kind.NAME, Kind.EMAIL])
    if not _visible_hits(IdentityToken.objects.filter(holder=holder), user).exists():
        return None
    digests = dict(own.values_list("digest", "kind"))
    matches: dict[str, set[str]] = {holder: set(digests.values())}
    rows = _visible_hits(
        IdentityToken.objects.filter(digest__in=list(digests)), user
    ).values_list("holder", "kind")[: limit * 2]
    for other, kind in rows:
        matches.setdefault(other, set()).add(kind)
    return appearances(matches, limit=limit)
