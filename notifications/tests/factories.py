import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from notifications.models import Notification


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@idhr.test")
    is_staff = True


def member(username: str, group_name: str, **fields):
    """A staff user in one of the groups of idhr_portal.roles."""
    user = UserFactory(username=username, **fields)
    user.groups.add(Group.objects.get_or_create(name=group_name)[0])
    return user


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    # Any real event: these rows are written directly, no template is rendered.
    event = Notification.Event.REPORT_SUBMITTED
    recipients = factory.LazyFunction(lambda: ["someone@idhr.test"])
    subject = factory.Sequence(lambda n: f"Outbox test {n}")
    body_text = "Plain part"
    body_html = "<p>HTML part</p>"
    reference = factory.Sequence(lambda n: f"R-T{n:05d}")
