"""The case page's choice lists, read once per request and shared by its forms.

A hearing-stage case page draws a dozen small forms whose selects list the same rows:
the case's parties (evidence response, advisor, ruling, sanction, appeal, objection), its
documents, its hearings, the staff. Each ModelChoiceField used to read its own queryset
(the parties ten times, the hearings nine): about 30 of the page's 80 queries, and every
party's name decrypted again each time.

`case_choices(case)` reads each set once, on first use, and keeps it on the case object
(one case object per request). `share(field, queryset, rows)` gives a form field both:
the queryset, which validates a posted value as before (a bound form still asks the
database), and the rows already read, which the select renders without a query. The
rows must be the queryset's rows: callers filter the shared list with the same
condition as the queryset (tests: cases/tests/test_query_counts_hearing.py and the
case-page form tests).
"""

from __future__ import annotations

from functools import cached_property, lru_cache

from django.contrib.auth import get_user_model
from django.forms.models import ModelChoiceIterator
from django.utils.translation import get_language

from cases.models import CaseAssignment, CaseDocument, CaseRole, Determination, Hearing, Party


@lru_cache(maxsize=256)
def _labels(model, field_name: str, language) -> dict:
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}


def choice_label(obj, field_name: str) -> str:
    """`obj.get_<field>_display()` from a table read once per field and language.

    get_FOO_display() hashes every (lazy, translated) choice of the field on each call
    (tens of microseconds for a field with many choices): the case page calls it for each
    of its hundreds of letters and parties.
    """
    value = getattr(obj, field_name)
    return _labels(type(obj), field_name, get_language()).get(value, value)


class SharedRowsIterator(ModelChoiceIterator):
    """A ModelChoiceIterator over rows already read (`field.shared_rows`): no query."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.shared_rows:
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.shared_rows) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.shared_rows)


def share(field, queryset, rows) -> None:
    """Validate against `queryset`; render `rows` (the same rows, already read)."""
    field.shared_rows = list(rows)
    field.iterator = SharedRowsIterator  # before the queryset: its setter builds the widget's choices
    field.queryset = queryset


class CaseChoices:
    """The rows the case page's selects list, each set read once (on first use)."""

    def __init__(self, case):
        self.case = case

    @cached_property
    def parties(self) -> list[Party]:
        return list(Party.objects.filter(case=self.case).order_by("role", "pk"))

    def parties_in(self, roles) -> list[Party]:
        return [party for party in self.parties if party.role in roles]

    @cached_property
    def documents(self) -> list[CaseDocument]:
        """Newest first, with who uploaded each (the page's list of documents too)."""
        return list(
            CaseDocument.objects.filter(case=self.case).select_related("uploaded_by").order_by("-uploaded_at", "-pk")
        )

    @cached_property
    def determination(self) -> Determination | None:
        return Determination.objects.filter(case=self.case).select_related("decided_by").first()

    @cached_property
    def hearings(self) -> list[Hearing]:
        """Oldest first (Hearing's own order within a case)."""
        return list(Hearing.objects.filter(case=self.case).order_by("scheduled_at", "pk"))

    def hearings_with(self, *, status=None, exclude_status=None) -> list[Hearing]:
        return [
            hearing
            for hearing in self.hearings
            if (status is None or hearing.status == status)
            and (exclude_status is None or hearing.status != exclude_status)
        ]

    def advisors(self) -> list[Party]:
        """The case's advisors, each with `advises` set from the same rows (no query)."""
        by_pk = {party.pk: party for party in self.parties}
        advisors = [party for party in self.parties if party.role == Party.Role.ADVISOR]
        for advisor in advisors:
            if advisor.advises_id in by_pk:
                advisor.advises = by_pk[advisor.advises_id]
        return advisors

    @cached_property
    def assignments(self) -> list[CaseAssignment]:
        """The case's current role assignments (the Roles box)."""
        return list(CaseAssignment.objects.filter(case=self.case, ended_at__isnull=True).select_related("user"))

    def role_user_ids(self, role: str) -> set[int]:
        """As selectors.case_role_user_ids, from the assignments read once."""
        if role == CaseRole.INVESTIGATOR:
            return {self.case.investigator_id} if self.case.investigator_id else set()
        return {a.user_id for a in self.assignments if a.role == role}

    @cached_property
    def staff(self) -> list:
        return list(get_user_model().objects.filter(is_active=True, is_staff=True).order_by("username"))


def case_choices(case) -> CaseChoices:
    """The case's shared choice lists, made on first use and kept on this case object."""
    choices = case.__dict__.get("_page_choices")
    if choices is None:
        choices = case.__dict__["_page_choices"] = CaseChoices(case)
    return choices
