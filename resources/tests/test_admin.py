import pytest
from django.urls import reverse

from resources.models import Definition, ReportingOption, Resource, Right, TrainingRequirement

pytestmark = pytest.mark.django_db

MODELS = [Resource, ReportingOption, Definition, Right, TrainingRequirement]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_staff_can_list_and_open_every_kind_of_help_content(staff_client, seeded, model):
    opts = model._meta
    changelist = staff_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200

    obj = model.objects.first()
    change = staff_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    assert change.status_code == 200
    assert staff_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200


def test_resource_form_offers_audiences_as_checkboxes(staff_client, seeded):
    vpr = Resource.objects.get(slug="violence-prevention-and-response")
    page = staff_client.get(reverse("admin:resources_resource_change", args=[vpr.pk])).content.decode()

    assert 'type="checkbox" name="audiences" value="everyone"' in page
    assert 'value="617-253-2300"' in page


def test_a_reporting_option_cannot_send_people_to_another_site(staff_client, seeded):
    option = ReportingOption.objects.get(slug="incident-report-form")
    url = reverse("admin:resources_reportingoption_change", args=[option.pk])
    data = {
        "title": option.title,
        "slug": option.slug,
        "summary": option.summary,
        "how_to": option.how_to,
        "what_happens": option.what_happens,
        "who_has_access": option.who_has_access,
        "anonymous_possible": "on",
        "action": option.action,
        "action_url": "https://evil.example/report/",
        "action_label": option.action_label,
        "display_order": option.display_order,
    }

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert "Use a path in this portal" in response.content.decode()
    option.refresh_from_db()
    assert option.action_url == "/report/"
    data["action_url"] = "//evil.example/"
    assert "Use a path in this portal" in staff_client.post(url, data).content.decode()
