"""Repeat respondents: respondents whose blind index matches one in another case."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from ..models import Case, Party
from .access import case_visible_queryset


def respondent_match_q(*, name_indexes, email_indexes) -> Q:
    name_indexes = [i for i in name_indexes if i]
    email_indexes = [i for i in email_indexes if i]
    q = Q(pk__in=[])
    if name_indexes:
        q |= Q(name_index__in=name_indexes)
    if email_indexes:
        q |= Q(email_index__in=email_indexes)
    return Q(role=Party.Role.RESPONDENT) & q


def repeat_respondent_case_ids(case: Case) -> list[int]:
    """Ids of other cases with a respondent whose blind index matches one of this case's."""
    respondents = list(
        Party.objects.filter(case=case, role=Party.Role.RESPONDENT).values_list("name_index", "email_index")
    )
    if not respondents:
        return []
    q = respondent_match_q(
        name_indexes=[n for n, _ in respondents], email_indexes=[e for _, e in respondents]
    )
    return list(
        Party.objects.filter(q)
        .exclude(case=case)
        .values_list("case_id", flat=True)
        .distinct()
        .order_by("case_id")
    )


def repeat_respondent_cases_for(*, case: Case, user) -> tuple[list[Case], int]:
    """(the matching cases the user may see, how many matches there are in all)."""
    ids = repeat_respondent_case_ids(case)
    if not ids:
        return [], 0
    visible = list(case_visible_queryset(user, Case.objects.filter(pk__in=ids)).order_by("reference"))
    return visible, len(ids)


def repeat_respondent_flags(case_ids) -> set[int]:
    """Which of these cases share a respondent index with another case, in one query.

    For the page of a list (the 50 cases shown). As a per-row annotation on the whole
    list, PostgreSQL hashes the subquery over every respondent of every case, so the
    list got slower with every case in the table (bench/README.md).
    """
    ids = list(case_ids)
    if not ids:
        return set()
    others = Party.objects.filter(role=Party.Role.RESPONDENT).exclude(case=OuterRef("case"))
    same_name = others.filter(name_index=OuterRef("name_index")).exclude(name_index="")
    same_email = others.filter(email_index=OuterRef("email_index")).exclude(email_index="")
    return set(
        Party.objects.filter(case_id__in=ids, role=Party.Role.RESPONDENT)
        .filter(Exists(same_name) | Exists(same_email))
        .order_by()
        .values_list("case_id", flat=True)
        .distinct()
    )
