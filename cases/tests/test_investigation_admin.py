import re

import pytest
from django.urls import reverse

from cases.models import CaseDocument, Investigation
from cases.services.documents import case_document_add

from . import factories

pytestmark = pytest.mark.django_db


def _document(case, actor, name):
    return case_document_add(
        case=case, kind=CaseDocument.Kind.EVIDENCE, filename=name, content_type="text/plain",
        data=b"x", actor=actor,
    )


def test_the_investigation_page_offers_only_this_cases_documents_as_the_report(client):
    lead = factories.coordinator()
    mine, other = factories.CaseFactory(), factories.CaseFactory()
    own_document = _document(mine, lead, "ours.txt")
    foreign_document = _document(other, lead, "theirs.txt")
    investigation = Investigation.objects.create(case=mine)
    client.force_login(lead)

    page = client.get(reverse("admin:cases_investigation_change", args=[investigation.pk]))

    assert page.status_code == 200
    select = re.search(r'<select name="report_document".*?</select>', page.content.decode(), re.S).group(0)
    assert f'value="{own_document.pk}"' in select
    assert f'value="{foreign_document.pk}"' not in select
