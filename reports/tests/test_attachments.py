import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reports import files
from reports.models import Attachment
from reports.tests import steps

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.7\n1 0 obj\n"
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 64


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _to_files_step(client):
    steps.post(client, "/report/", steps.YOU_ANONYMOUS)
    steps.post(client, "/report/what-happened/", steps.WHAT)
    steps.post(client, "/report/people/", steps.people())


def _upload(client, *uploads, action="upload"):
    return client.post("/report/files/", {"files": list(uploads), "action": action})


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("photo.png", PNG, "png"),
        ("photo.JPG", JPEG, "jpeg"),
        ("letter.pdf", PDF, "pdf"),
        ("phone.heic", HEIC, "heic"),
        ("notes.txt", "Notes, with accents: é ü ñ\n".encode(), "txt"),
        ("statement.docx", docx_bytes(), "docx"),
    ],
)
def test_accepted_types_are_recognised_by_their_bytes(name, data, kind):
    assert files.sniff_type(data[:64], data) == kind
    assert files.type_matches_extension(kind, name)


def test_a_file_that_lies_about_its_type_is_refused_and_the_rest_stays(client):
    _to_files_step(client)
    response = _upload(client, SimpleUploadedFile("invoice.pdf", EXE), action="next")
    assert response.status_code == 200
    page = response.content.decode()
    assert "is not a file type we accept" in page
    assert "invoice.pdf" in page
    assert client.get("/report/what-happened/").content.decode().count(steps.WHAT["narrative"]) == 1
    renamed = _upload(client, SimpleUploadedFile("picture.png", PDF))
    assert "is not a file type we accept" in renamed.content.decode()


def test_oversize_file_is_refused_beside_the_field(client, settings):
    settings.REPORTS_ATTACHMENT_MAX_SIZE = 1024
    _to_files_step(client)
    response = _upload(client, SimpleUploadedFile("big.pdf", PDF + b"0" * 2048))
    assert response.status_code == 200
    assert "is larger than" in response.content.decode()
    assert 'id="id_files-error"' in response.content.decode()


def test_at_most_five_files(client):
    _to_files_step(client)
    _upload(client, *[SimpleUploadedFile(f"p{i}.png", PNG) for i in range(4)])
    response = _upload(client, *[SimpleUploadedFile(f"q{i}.png", PNG) for i in range(2)])
    assert "up to 5 files" in response.content.decode()
    review = client.get("/report/review/")
    client.post("/report/review/", {"action": "submit", "token": steps.token_from(review)})
    assert Attachment.objects.count() == 5


def test_a_request_too_large_for_memory_is_refused_with_a_message(client, settings, tmp_path):
    settings.REPORTS_UPLOAD_MAX_REQUEST_SIZE = 4096
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    _to_files_step(client)
    response = _upload(client, SimpleUploadedFile("big.pdf", PDF + b"0" * 8192))
    assert response.status_code == 200
    assert "too large together" in response.content.decode()
    assert list(tmp_path.iterdir()) == []  # no plain temporary file was written


def test_uploads_never_go_to_a_temporary_file(settings):
    assert settings.FILE_UPLOAD_HANDLERS == ["reports.uploads.MemoryOnlyUploadHandler"]
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE >= 5 * 10 * 1024 * 1024


def test_file_names_are_sanitised(client):
    _to_files_step(client)
    _upload(client, SimpleUploadedFile('../../etc/<script>alert(1)</script>".png', PNG))
    page = client.get("/report/files/").content.decode()
    assert "<script>alert" not in page
    review = client.get("/report/review/")
    client.post("/report/review/", {"action": "submit", "token": steps.token_from(review)})
    name = Attachment.objects.get().filename
    assert "/" not in name and "<" not in name and name.endswith(".png")


def test_removing_a_staged_file_deletes_it(client, settings):
    _to_files_step(client)
    _upload(client, SimpleUploadedFile("p.png", PNG))
    staging = Path(settings.PRIVATE_MEDIA_ROOT) / "staging"
    before = set(staging.iterdir())
    assert before
    page = client.get("/report/files/").content.decode()
    file_id = page.split('value="remove_file:')[1].split('"')[0]
    client.post("/report/files/", {"action": f"remove_file:{file_id}"})
    assert not (set(staging.iterdir()) & before)


def test_stale_staged_files_are_purged(client, settings):
    from reports import services

    _to_files_step(client)
    _upload(client, SimpleUploadedFile("p.png", PNG))
    assert services.staging_purge(older_than_seconds=3600) == 0
    assert services.staging_purge(older_than_seconds=-1) == 1
