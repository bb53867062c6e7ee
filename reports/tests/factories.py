import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from idhr_portal import roles
from reports import services
from reports.models import Report


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.edu")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("correct horse battery staple")


def responsible_employee(**kwargs):
    user = UserFactory(**kwargs)
    group, _ = Group.objects.get_or_create(name=roles.RESPONSIBLE_EMPLOYEE)
    user.groups.add(group)
    return user


def staff_user(group_name=roles.CASE_MANAGER, **kwargs):
    user = UserFactory(is_staff=True, **kwargs)
    group, _ = Group.objects.get_or_create(name=group_name)
    user.groups.add(group)
    return user


class ReportFactory(DjangoModelFactory):
    """A report written directly (for tests of what comes after submission)."""

    class Meta:
        model = Report

    class Params:
        receipt_code = factory.LazyFunction(services.receipt_code_new)

    kind = Report.Kind.INCIDENT
    reference = factory.Sequence(lambda n: f"R-T{n:05d}")
    narrative = factory.Faker("paragraph")
    is_anonymous = True
    receipt_code_hash = factory.LazyAttribute(lambda o: services.receipt_code_hash(o.receipt_code))


def incident_details(**overrides) -> services.IncidentDetails:
    values = {
        "narrative": "He followed me from the lab to the bus stop three evenings in a row.",
        "categories": [Report.Category.STALKING],
        "date_precision": Report.DatePrecision.MONTH,
        "incident_date": __import__("datetime").date(2025, 3, 1),
        "location_type": Report.Location.ON_CAMPUS,
        "location_detail": "Building 32 lobby",
        "respondents": [
            services.Party(name="Jordan Q. Example", email="Jordan.Example@MIT.edu", affiliation="student")
        ],
        "witnesses": [services.Party(name="Casey Witness")],
    }
    values.update(overrides)
    return services.IncidentDetails(**values)
