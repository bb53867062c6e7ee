import factory
from factory.django import DjangoModelFactory

from resources.models import Audience, Phone, ReportingOption, Resource


class ResourceFactory(DjangoModelFactory):
    class Meta:
        model = Resource

    name = factory.Faker("company")
    slug = factory.Sequence(lambda n: f"resource-{n}")
    category = Resource.Category.ADVICE
    audiences = factory.LazyFunction(lambda: [Audience.EVERYONE])
    description = factory.Faker("paragraph")


class PhoneFactory(DjangoModelFactory):
    class Meta:
        model = Phone

    resource = factory.SubFactory(ResourceFactory)
    kind = Phone.Kind.MAIN
    number = "617-555-0100"


class ReportingOptionFactory(DjangoModelFactory):
    class Meta:
        model = ReportingOption

    title = factory.Faker("sentence", nb_words=4)
    slug = factory.Sequence(lambda n: f"option-{n}")
    how_to = factory.Faker("paragraph")
    what_happens = factory.Faker("paragraph")
    who_has_access = factory.Faker("paragraph")
    action = ReportingOption.Action.REPORT_FORM
    action_url = "/report/"
    action_label = "Submit an incident report"
