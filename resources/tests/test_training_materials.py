"""Training materials of the Title IX team, public on /training/ (34 CFR 106.45(b)(10)(i)(D)).

The regulation: a recipient must keep "all materials used to train Title IX Coordinators,
investigators, decision-makers, and any person who facilitates an informal resolution
process" and "must make these training materials publicly available on its website".
The coordinator uploads them in the admin; the portal serves the PDF itself.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from idhr_portal import roles
from idhr_portal.testing.browser import DESKTOP, PHONE, assert_accessible, screenshot
from idhr_portal.testing.cache import run_cache_clear
from resources.models import TrainingMaterial

from .conftest import FIXTURES

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media"


def _staff(username, group_name):
    user = get_user_model().objects.create_user(username, f"{username}@idhr.invalid", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=group_name)[0])
    return user


def _upload(client, *, title="Investigator training, fall 2026", content=PDF, name="investigators.pdf"):
    return client.post(
        "/admin/resources/trainingmaterial/add/",
        {
            "title": title,
            "audiences": ["investigators", "decision_makers"],
            "material_date": "2026-09-14",
            "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
        },
    )


@pytest.mark.django_db
def test_the_coordinator_uploads_a_pdf_and_anyone_reads_it_on_the_training_page(client):
    client.force_login(_staff("coord", roles.TITLE_IX_COORDINATOR))
    response = _upload(client)
    assert response.status_code == 302, response.content.decode()[:2000]
    material = TrainingMaterial.objects.get()

    client.logout()
    page = client.get("/training/").content.decode()
    assert "Training materials of the Title IX team" in page
    assert "Investigator training, fall 2026" in page
    assert "For: Investigators, Decision-makers" in page
    assert "September 14, 2026" in page
    link = re.search(r'<a href="([^"]+)" download>Investigator training, fall 2026</a>', page)
    assert link and link.group(1) == f"/training/materials/{material.pk}/"

    download = client.get(link.group(1))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF
    assert 'filename="investigator-training-fall-2026.pdf"' in download["Content-Disposition"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name,content",
    [("notes.txt", b"plain text notes"), ("slides.pdf", b"<html>not a pdf</html>"), ("deck.docx", PDF)],
)
def test_only_a_pdf_is_accepted(client, name, content):
    client.force_login(_staff("coord", roles.TITLE_IX_COORDINATOR))
    response = _upload(client, name=name, content=content)
    assert response.status_code == 200
    assert not TrainingMaterial.objects.exists()
    page = response.content.decode()
    assert "Upload the training material as a PDF file." in page or "File extension" in page


@pytest.mark.django_db
def test_a_case_manager_cannot_upload_and_nobody_deletes_a_material(client):
    client.force_login(_staff("manager", roles.CASE_MANAGER))
    assert _upload(client).status_code == 403
    client.force_login(_staff("coord", roles.TITLE_IX_COORDINATOR))
    _upload(client)
    material = TrainingMaterial.objects.get()
    # Kept seven years (106.45(b)(10)(i)(D)): the admin offers no deletion.
    assert client.get(f"/admin/resources/trainingmaterial/{material.pk}/delete/").status_code == 403


@pytest.mark.django_db
def test_a_missing_material_is_a_404_not_an_error(client):
    assert client.get("/training/materials/999/").status_code == 404


# --- in the browser --------------------------------------------------------------------


@pytest.fixture
def published(transactional_db, settings, tmp_path):
    call_command("loaddata", *FIXTURES, verbosity=0)
    run_cache_clear()
    for title, audiences, day in (
        ("Title IX coordinator training 2026", ["coordinators"], 3),
        ("Informal resolution facilitation", ["facilitators", "coordinators"], 10),
    ):
        TrainingMaterial.objects.create(
            title=title,
            audiences=audiences,
            material_date=f"2026-08-{day:02d}",
            file=SimpleUploadedFile("m.pdf", PDF, content_type="application/pdf"),
        )


@pytest.mark.browser
@pytest.mark.parametrize("name,viewport", [("phone", PHONE), ("desktop", DESKTOP)])
def test_the_training_page_lists_the_materials_accessibly(new_page, published, name, viewport):
    page = new_page(viewport=viewport)
    page.goto("/training/")
    materials = page.locator("#training-materials")
    assert materials.get_by_role("heading", name="Training materials of the Title IX team").is_visible()
    assert materials.get_by_role("link", name="Informal resolution facilitation").is_visible()
    assert_accessible(page, f"/training/ with materials ({name})")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    materials.scroll_into_view_if_needed()
    screenshot(page, f"resources-training-materials-{name}")
    assert page.request_log.foreign() == []


@pytest.mark.browser
def test_a_material_downloads_without_javascript(page_nojs, published):
    page_nojs.goto("/training/")
    with page_nojs.expect_download() as download:
        page_nojs.get_by_role("link", name="Title IX coordinator training 2026").click()
    assert download.value.suggested_filename == "title-ix-coordinator-training-2026.pdf"
    with open(download.value.path(), "rb") as handle:
        assert handle.read() == PDF
