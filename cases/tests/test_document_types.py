"""A case document's type is judged by its bytes, as reports' attachments are: a
program or a web page renamed to .pdf is refused with a message saying why."""

import pytest
from django.core.exceptions import ValidationError

from cases.models import CaseDocument, TimelineEvent
from cases.services.documents import case_document_add, case_document_read

pytestmark = pytest.mark.django_db

WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
WEB_PAGE = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def _upload(case, actor, filename, data, content_type="application/pdf"):
    return case_document_add(
        case=case, kind="evidence", filename=filename, content_type=content_type, data=data, actor=actor
    )


@pytest.mark.parametrize("data", [WINDOWS_PROGRAM, WEB_PAGE], ids=["exe", "html"])
def test_a_file_renamed_to_pdf_is_refused_with_a_clear_message(case, manager, data):
    with pytest.raises(ValidationError) as refused:
        _upload(case, manager, "statement.pdf", data)

    assert refused.value.messages == [
        "“statement.pdf” is not a file type a case document may be: its content must be a PDF, "
        "PNG, JPEG, HEIC, plain-text or DOCX file, and its name must end in the matching extension."
    ]
    assert not CaseDocument.objects.filter(case=case).exists()
    assert not TimelineEvent.objects.filter(case=case, kind="document").exists()


def test_a_real_pdf_is_stored_as_a_pdf_whatever_the_browser_declared(case, manager):
    document = _upload(case, manager, "statement.pdf", b"%PDF-1.7\n1 0 obj\n", content_type="text/html")

    assert document.content_type == "application/pdf"
    assert case_document_read(document=document) == b"%PDF-1.7\n1 0 obj\n"


def test_a_pdf_named_as_a_text_file_is_refused(case, manager):
    with pytest.raises(ValidationError):
        _upload(case, manager, "notes.txt", b"%PDF-1.7\n1 0 obj\n", content_type="text/plain")


def test_an_empty_file_is_refused(case, manager):
    with pytest.raises(ValidationError, match="is empty"):
        _upload(case, manager, "empty.pdf", b"")
