"""factory-boy factories for cases (also used by the demo-data command)."""

import datetime
import hashlib
import secrets

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from factory.django import DjangoModelFactory

from cases.models import Case, CaseNote, Party, SupportiveMeasure
from idhr_portal import roles
from idhr_portal.crypto import blind_index
from reports.models import Attachment, FormalComplaint, Report, ReportParty


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@idhr.invalid")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get_or_create(name=extracted)[0])
        if create:
            self.save()


def staff(group: str, **kwargs):
    return UserFactory(group=group, **kwargs)


def coordinator(**kwargs):
    return staff(roles.TITLE_IX_COORDINATOR, **kwargs)


def case_manager(**kwargs):
    return staff(roles.CASE_MANAGER, **kwargs)


def investigator(**kwargs):
    return staff(roles.INVESTIGATOR, **kwargs)


def brt_member(**kwargs):
    return staff(roles.BIAS_RESPONSE_TEAM, **kwargs)


def _reference(prefix: str) -> str:
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return prefix + "".join(secrets.choice(alphabet) for _ in range(6))


class ReportFactory(DjangoModelFactory):
    class Meta:
        model = Report

    kind = Report.Kind.INCIDENT
    reference = factory.LazyFunction(lambda: _reference("R-"))
    categories = factory.LazyFunction(lambda: [Report.Category.SEXUAL_HARASSMENT])
    is_title_ix = factory.LazyAttribute(lambda r: bool(set(r.categories) & Report.TITLE_IX_CATEGORIES))
    relationship = Report.Relationship.HARMED
    narrative = factory.Faker("paragraph", nb_sentences=4)
    is_anonymous = False
    reporter_name = factory.Faker("name")
    reporter_email = factory.Faker("email")
    reporter_affiliation = "student"
    wants_follow_up = True
    receipt_code_hash = factory.LazyFunction(lambda: hashlib.sha256(secrets.token_bytes(16)).hexdigest())

    class Params:
        anonymous = factory.Trait(
            is_anonymous=True,
            reporter_name=None,
            reporter_email=None,
            reporter_phone=None,
            wants_follow_up=False,
            relationship=Report.Relationship.ON_BEHALF,
        )


class ReportPartyFactory(DjangoModelFactory):
    class Meta:
        model = ReportParty

    report = factory.SubFactory(ReportFactory)
    role = ReportParty.Role.RESPONDENT
    name = factory.Faker("name")
    email = factory.Faker("email")
    affiliation = "student"
    name_index = factory.LazyAttribute(lambda p: blind_index(p.name or "", kind="name"))
    email_index = factory.LazyAttribute(lambda p: blind_index(p.email or "", kind="email"))


def attachment_for(report: Report, data: bytes, *, message=None, filename: str = "evidence.txt") -> Attachment:
    """An attachment of a report, its bytes encrypted on disk as intake stores them."""
    from reports.services import attachment_store

    return Attachment.objects.create(
        report=report,
        message=message,
        filename=filename,
        content_type="text/plain",
        size=len(data),
        stored_name=attachment_store.save(data),
    )


def formal_complaint_for(report: Report, *, respondent_type="student") -> FormalComplaint:
    return FormalComplaint.objects.create(
        report=report,
        respondent_type=respondent_type,
        in_education_program="yes",
        occurred_in_mit_program="yes",
        occurred_in_us="yes",
        signature_name=report.reporter_name or "Complainant",
        attested=True,
        signed_on=timezone.localdate(),
        signed_at=timezone.now(),
        snapshot="{}",
        snapshot_sha256=hashlib.sha256(b"{}").hexdigest(),
    )


class CaseFactory(DjangoModelFactory):
    class Meta:
        model = Case

    reference = factory.LazyFunction(lambda: _reference("C-T"))
    status = Case.Status.NEW
    categories = factory.LazyFunction(lambda: ["sexual_harassment"])
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=3))


class PartyFactory(DjangoModelFactory):
    class Meta:
        model = Party

    case = factory.SubFactory(CaseFactory)
    role = Party.Role.RESPONDENT
    affiliation = "student"
    name = factory.Faker("name")
    email = factory.Faker("email")
    name_index = factory.LazyAttribute(lambda p: blind_index(p.name or "", kind="name"))
    email_index = factory.LazyAttribute(lambda p: blind_index(p.email or "", kind="email"))


class SupportiveMeasureFactory(DjangoModelFactory):
    class Meta:
        model = SupportiveMeasure

    case = factory.SubFactory(CaseFactory)
    party = factory.SubFactory(
        PartyFactory, case=factory.SelfAttribute("..case"), role=Party.Role.COMPLAINANT
    )
    kind = SupportiveMeasure.Kind.ACADEMIC
    details = "Extension on coursework deadlines"
    requested_on = factory.LazyFunction(timezone.localdate)
    created_by = factory.SubFactory(UserFactory)


class CaseNoteFactory(DjangoModelFactory):
    class Meta:
        model = CaseNote

    case = factory.SubFactory(CaseFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Faker("sentence")
