"""A refusal that says why and where to act: the text names the paragraph of the regulation
or policy it enforces; `fix_url`/`fix_label` say where to do what must be done first (the
admin shows them as a link, cases.admin.refusals)."""

from __future__ import annotations

from django.urls import reverse

from ..models import Case


class Refusal(str):
    """A guard's refusal: its text, which names the paragraph it enforces, and, where something
    must be done first, where to do it (`fix_url`, `fix_label`: the admin shows them as a link)."""

    fix_url: str
    fix_label: str

    def __new__(cls, text: str, *, fix_url: str = "", fix_label: str = ""):
        refusal = super().__new__(cls, text)
        refusal.fix_url, refusal.fix_label = fix_url, fix_label
        return refusal


def on_case_page(case: Case, anchor: str, text: str, label: str) -> Refusal:
    return Refusal(text, fix_url=f"{reverse('admin:cases_case_change', args=[case.pk])}#{anchor}", fix_label=label)


def on_page(url_name: str, pk: int, text: str, label: str) -> Refusal:
    return Refusal(text, fix_url=reverse(url_name, args=[pk]), fix_label=label)
