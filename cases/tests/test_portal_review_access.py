"""No party reaches another case's evidence, downloads, responses, appeals or statements, nor
the other party's response or statements in their own case (except the appellant's statement,
which the other party reads to answer it), by changing ids: every portal URL
of evidence review and appeals × the complainant and the respondent × two cases answers 404
with nothing of the other record in the page, and a POST there changes nothing."""

import pytest
import time_machine

from cases.models import Appeal, AppealBasis, AppealStatement, CaseDocument, EvidenceResponse, PortalDownload
from cases.services.portal_party import (
    portal_appeal_file,
    portal_appeal_statement_submit,
    portal_evidence_response_submit,
)

from .test_portal_appeals import determination_released
from .test_portal_review import at, portal_client, review_case

pytestmark = pytest.mark.django_db


def full_case(tag, names):
    """Evidence reviewed and answered by both, the determination appealed by the respondent and
    answered by the complainant's statement."""
    t = determination_released(review_case(tag, names))
    with time_machine.travel(at("2026-12-03 10:00"), tick=False):
        for key in ("c", "r"):
            portal_evidence_response_submit(
                review=t["review"], by_party=t[key], text=f"RESPONSE-{tag}-{key} private words"
            )
        t["appeal"] = portal_appeal_file(
            by_party=t["r"], bases=[AppealBasis.objects.order_by("pk").first()],
            statement=f"GROUNDS-{tag} private grounds",
        )
        portal_appeal_statement_submit(
            appeal=t["appeal"], by_party=t["c"], text=f"STATEMENT-{tag} private statement"
        )
    t["private_documents"] = list(
        CaseDocument.objects.filter(case=t["case"], uploaded_by_party__isnull=False).values_list("pk", flat=True)
    ) + [t["unrelated"].pk]
    t["shared_documents"] = [t["pdf"].pk, t["txt"].pk]
    # The respondent's appeal statement is shown to the complainant, who answers it (issue 24 item 4).
    t["appellant_statement"] = AppealStatement.objects.get(appeal=t["appeal"], party=t["r"]).document_id
    return t


@pytest.fixture
def two_cases():
    return {
        "a": full_case("a", ("Quinlan Zephyrwood", "Marisol Vantablack")),
        "b": full_case("b", ("Theodora Quillfeather", "Barnaby Ostrowski")),
    }


def foreign_urls(other: dict) -> list[str]:
    return [
        f"/portal/evidence/{other['review'].pk}/",
        f"/portal/appeals/{other['appeal'].pk}/",
        *[f"/portal/documents/{pk}/pdf/" for pk in other["shared_documents"] + other["private_documents"]],
    ]


@pytest.mark.parametrize("mine,theirs", [("a", "b"), ("b", "a")])
@pytest.mark.parametrize("role", ["c", "r"])
def test_a_party_reaches_nothing_of_the_other_case_by_changing_ids(two_cases, mine, theirs, role):
    party, other = two_cases[mine][role], two_cases[theirs]
    counts = (EvidenceResponse.objects.count(), Appeal.objects.count(), AppealStatement.objects.count())
    with time_machine.travel(at("2026-12-05 10:00"), tick=False):
        client = portal_client(party)
        for url in foreign_urls(other):
            for method in ("get", "post"):
                answer = getattr(client, method)(url, {"text": "INTRUDER"} if method == "post" else None)
                assert answer.status_code == 404, (method, url)
                page = answer.content.decode()
                for marker in (f"RESPONSE-{theirs}", f"GROUNDS-{theirs}", f"STATEMENT-{theirs}", f"EVIDENCE-PDF-{theirs}"):
                    assert marker not in page
        for url in ("/portal/evidence/", "/portal/appeals/"):
            page = client.get(url).content.decode()
            assert f"/portal/evidence/{other['review'].pk}/" not in page
            assert f"/portal/appeals/{other['appeal'].pk}/" not in page
    assert (EvidenceResponse.objects.count(), Appeal.objects.count(), AppealStatement.objects.count()) == counts
    assert not PortalDownload.objects.exists()


@pytest.mark.parametrize("role", ["c", "r"])
def test_a_party_reaches_their_own_case_but_no_private_document_of_it(two_cases, role):
    t = two_cases["a"]
    with time_machine.travel(at("2026-12-05 10:00"), tick=False):
        client = portal_client(t[role])
        for url in ("/portal/evidence/", f"/portal/evidence/{t['review'].pk}/", "/portal/appeals/",
                    f"/portal/appeals/{t['appeal'].pk}/"):
            assert client.get(url).status_code == 200, url
        for pk in t["shared_documents"]:
            assert client.get(f"/portal/documents/{pk}/pdf/").status_code == 200
        private = [pk for pk in t["private_documents"] if not (role == "c" and pk == t["appellant_statement"])]
        for pk in private:  # responses, the other party's statements, unrelated evidence
            assert client.get(f"/portal/documents/{pk}/pdf/").status_code == 404, pk
        if role == "c":  # the appellant's statement, readable by the other party
            assert client.get(f"/portal/documents/{t['appellant_statement']}/pdf/").status_code == 200
        appeal_page = client.get(f"/portal/appeals/{t['appeal'].pk}/").content.decode()
    other = "r" if role == "c" else "c"
    assert f"RESPONSE-a-{other}" not in appeal_page
    assert ("GROUNDS-a" in appeal_page) is False  # grounds are in the document, never on the page
    assert ("STATEMENT-a" in appeal_page) is False
    # Each download logged: the two evidence files, and for the complainant the appellant's statement.
    assert PortalDownload.objects.filter(party=t[role]).count() == (3 if role == "c" else 2)


def test_signed_out_every_url_shows_the_sign_in_page_and_nothing_else(two_cases):
    t = two_cases["a"]
    from django.test import Client

    client = Client()
    for url in ("/portal/evidence/", *foreign_urls(t), "/portal/appeals/", "/portal/appeals/new/"):
        page = client.get(url).content.decode()
        assert "open the newest link the office emailed you" in page
        assert "EVIDENCE-PDF-a" not in page and "GROUNDS-a" not in page
