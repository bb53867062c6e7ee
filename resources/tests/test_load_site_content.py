import pytest
from django.core.management import call_command

from resources.models import Resource

pytestmark = pytest.mark.django_db


def test_site_content_loads_once_and_then_keeps_staff_edits():
    call_command("load_site_content", verbosity=0)
    assert Resource.objects.count() > 30
    resource = Resource.objects.order_by("pk").first()
    resource.hours = "Edited by staff"
    resource.save()

    call_command("load_site_content", verbosity=0)

    resource.refresh_from_db()
    assert resource.hours == "Edited by staff"


def test_force_reloads_the_office_documents():
    call_command("load_site_content", verbosity=0)
    resource = Resource.objects.order_by("pk").first()
    original = resource.hours
    Resource.objects.filter(pk=resource.pk).update(hours="Edited by staff")

    call_command("load_site_content", "--force", verbosity=0)

    resource.refresh_from_db()
    assert resource.hours == original
