"""A search matching more cases than the list counts: the newest are listed and the page says so,
instead of counting every match (a common first name matches tens of thousands of cases)."""

import pytest
from django.urls import reverse

from cases.admin.case import CappedCountPaginator, CaseAdmin

from . import factories

pytestmark = pytest.mark.django_db


def test_a_search_with_more_matches_than_the_cap_lists_the_newest_and_says_so(client, coordinator, monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "CAP", 3)
    monkeypatch.setattr(CaseAdmin, "list_per_page", 2)
    for i in range(5):
        factories.CaseFactory(reference=f"C-2026-WIDE{i}")  # WIDE4 is the newest
    client.force_login(coordinator)
    url = reverse("admin:cases_case_changelist")
    response = client.get(url, {"q": "WIDE"})
    assert response.context["cl"].result_count == 3
    assert "More than 3 cases match: the newest 3 are listed." in response.content.decode()
    assert [c.reference for c in response.context["cl"].result_list] == ["C-2026-WIDE4", "C-2026-WIDE3"]
    second = client.get(url, {"q": "WIDE", "p": "2"})
    assert [c.reference for c in second.context["cl"].result_list] == ["C-2026-WIDE2"]


def test_a_search_under_the_cap_counts_exactly_and_says_nothing_more(client, coordinator, monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "CAP", 3)
    for i in range(3):
        factories.CaseFactory(reference=f"C-2026-FEWR{i}")
    client.force_login(coordinator)
    response = client.get(reverse("admin:cases_case_changelist"), {"q": "FEWR"})
    assert response.context["cl"].result_count == 3
    assert "cases match: the newest" not in response.content.decode()
