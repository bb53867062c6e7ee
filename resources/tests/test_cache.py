"""The directory and options pages are served from the cache until staff edit them."""
import pytest
from django.urls import reverse

from resources.models import Phone, ReportingOption, Resource

from .factories import PhoneFactory, ReportingOptionFactory, ResourceFactory

pytestmark = pytest.mark.django_db


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_directory_is_cached_and_a_staff_edit_in_the_admin_refreshes_it(staff_client):
    resource = ResourceFactory(name="Quiet Harbor Support")
    PhoneFactory(resource=resource, number="617-555-0101")
    directory = reverse("resources:directory")
    assert "Quiet Harbor Support" in page(staff_client, directory)

    # A write that bypasses the admin (and its signals) is not seen: the page is cached.
    Resource.objects.filter(pk=resource.pk).update(name="Changed Behind The Cache")
    assert "Quiet Harbor Support" in page(staff_client, directory)

    response = staff_client.post(
        reverse("admin:resources_resource_change", args=[resource.pk]),
        {
            "name": "Harbor Support Line",
            "slug": resource.slug,
            "category": resource.category,
            "display_order": 5,
            "is_confidential": "on",
            "confidentiality_note": "",
            "audiences": ["everyone"],
            "contact_name": "",
            "description": "Open to everyone.",
            "email": "",
            "web_address": "",
            "location": "",
            "hours": "",
            "phones-TOTAL_FORMS": "1",
            "phones-INITIAL_FORMS": "1",
            "phones-MIN_NUM_FORMS": "0",
            "phones-MAX_NUM_FORMS": "1000",
            "phones-0-id": str(resource.phones.get().pk),
            "phones-0-resource": str(resource.pk),
            "phones-0-kind": "hotline",
            "phones-0-label": "",
            "phones-0-number": "617-555-0199",
            "phones-0-display_order": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    refreshed = page(staff_client, directory)
    assert "Harbor Support Line" in refreshed
    assert "617-555-0199" in refreshed
    assert "617-555-0101" not in refreshed
    assert "Harbor Support Line" in page(staff_client, directory + "?confidential=on")


def test_each_filter_combination_is_cached_separately(client):
    ResourceFactory(name="Always Open Line", available_24_7=True)
    ResourceFactory(name="Office Hours Desk", available_24_7=False)
    directory = reverse("resources:directory")

    assert "Office Hours Desk" not in page(client, directory + "?open_24_7=on")
    assert "Office Hours Desk" in page(client, directory)


def test_options_page_is_cached_and_refreshed_when_an_option_is_saved(client):
    option = ReportingOptionFactory(title="Talk to someone first")
    options = reverse("resources:options")
    assert "Talk to someone first" in page(client, options)

    ReportingOption.objects.filter(pk=option.pk).update(title="Not yet visible")
    assert "Talk to someone first" in page(client, options)

    option.refresh_from_db()
    option.title = "Talk to an advocate first"
    option.save()
    assert "Talk to an advocate first" in page(client, options)


def test_deleting_a_phone_number_refreshes_the_directory(client):
    phone = PhoneFactory(number="617-555-0142")
    directory = reverse("resources:directory")
    assert "617-555-0142" in page(client, directory)

    Phone.objects.get(pk=phone.pk).delete()

    assert "617-555-0142" not in page(client, directory)


def test_pages_and_staff_edits_still_work_when_the_cache_is_unreachable(client, settings):
    resource = ResourceFactory(name="Still Listed When Redis Is Down")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }

    assert "Still Listed When Redis Is Down" in page(client, reverse("resources:directory"))
    assert page(client, reverse("resources:options"))
    resource.name = "Renamed During The Outage"
    resource.save()
    assert "Renamed During The Outage" in page(client, reverse("resources:directory"))
