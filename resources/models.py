"""What the public help pages show: resources, reporting options, definitions,
rights and the training requirement. Every row comes from the office's documents
(fixtures/*.json) and staff keep it current in the admin."""
import os
import re

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone in the MIT community")
    STUDENTS = "students", _("Students")
    UNDERGRADUATES = "undergraduates", _("Undergraduate students")
    GRADUATE_STUDENTS = "graduate_students", _("Graduate students")
    EMPLOYEES = "employees", _("Employees (staff, postdocs and faculty)")
    FACULTY = "faculty", _("Faculty")


class Resource(models.Model):
    class Category(models.TextChoices):
        REPORTING = "reporting", _("Reporting and complaints")
        EMERGENCY = "emergency", _("Police and emergencies")
        ADVOCACY = "advocacy", _("Advocacy and crisis support")
        HEALTH = "health", _("Health and mental health")
        ADVICE = "advice", _("Advice and conflict resolution")
        PEER = "peer", _("Peer support")
        SPIRITUAL = "spiritual", _("Religious and spiritual life")
        WORK = "work", _("Employees and human resources")
        GUIDES = "guides", _("Guides")
        EXTERNAL = "external", _("Government offices")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    is_confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Confidential resources do not report any information to the IDHR Office."),
    )
    confidentiality_note = models.TextField(
        _("note on confidentiality"),
        blank=True,
        help_text=_("Shown beside the confidential / not confidential mark, e.g. for private resources."),
    )
    audiences = ArrayField(
        models.CharField(max_length=20, choices=Audience.choices),
        verbose_name=_("audiences"),
        default=list,
        help_text=_("Who the resource serves."),
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    description = models.TextField(_("description"))
    email = models.EmailField(_("email"), blank=True)
    web_address = models.CharField(
        _("web address"), max_length=200, blank=True, help_text=_("Plain text, shown as written.")
    )
    location = models.TextField(_("location"), blank=True)
    hours = models.TextField(_("hours"), blank=True)
    available_24_7 = models.BooleanField(_("available 24/7"), default=False)
    display_order = models.PositiveIntegerField(_("display order"), default=100)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["display_order", "name"]
        indexes = [
            # Directory filter "for me": audiences && ARRAY[...] (selectors.resource_list).
            GinIndex(fields=["audiences"], name="resource_audiences_gin"),
            # Directory listing: ORDER BY display_order, name, optionally WHERE category = ...
            models.Index(fields=["category", "display_order"], name="resource_category_order"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("resources:resource_detail", kwargs={"slug": self.slug})

    def get_audiences_display(self) -> list[str]:
        labels = dict(Audience.choices)
        return [str(labels.get(a, a)) for a in self.audiences]


class Phone(models.Model):
    class Kind(models.TextChoices):
        MAIN = "main", _("Phone")
        EMERGENCY = "emergency", _("Emergency")
        NON_EMERGENCY = "non_emergency", _("Non-emergency")
        HOTLINE = "hotline", _("Hotline")
        CAMPUS = "campus", _("From a campus phone")

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="phones", verbose_name=_("resource")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MAIN)
    label = models.CharField(
        _("label"), max_length=100, blank=True, help_text=_("Leave empty to use the kind as the label.")
    )
    number = models.CharField(
        _("number"), max_length=30, help_text=_("As people should dial it, e.g. 617-253-1212 or 100.")
    )
    display_order = models.PositiveIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")
        # Phones of one resource, in order (resource page and directory prefetch).
        ordering = ["resource", "display_order", "pk"]

    def __str__(self):
        return f"{self.display_label}: {self.number}"

    @property
    def display_label(self) -> str:
        return self.label or self.get_kind_display()

    @property
    def tel_href(self) -> str:
        """tel: link; ten-digit North American numbers get +1, short codes stay short."""
        digits = re.sub(r"\D", "", self.number)
        if len(digits) == 10:
            return f"tel:+1{digits}"
        return f"tel:{digits}"


class ReportingOption(models.Model):
    class Action(models.TextChoices):
        REPORT_FORM = "report_form", _("Incident report form")
        FORMAL_COMPLAINT = "formal_complaint", _("Formal complaint form")
        CONTACT = "contact", _("Contact details")
        POLICE = "police", _("Police")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("anchor"), max_length=80, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    how_to = models.TextField(_("how do I do this?"))
    what_happens = models.TextField(_("what happens when I do this?"))
    who_has_access = models.TextField(_("who has access to my information?"))
    is_confidential = models.BooleanField(_("confidential"), default=False)
    anonymous_possible = models.BooleanField(_("can be anonymous"), default=False)
    action = models.CharField(_("leads to"), max_length=20, choices=Action.choices)
    action_url = models.CharField(
        _("action address"),
        max_length=200,
        help_text=_("A path in this portal, e.g. /report/ or /resources/idhr/, or tel:911."),
        # Options send people within the portal (or to a phone call), never to another site.
        validators=[
            RegexValidator(
                r"^(/(?!/)|#|tel:|mailto:)",
                _("Use a path in this portal starting with /, an #anchor, tel: or mailto:."),
            )
        ],
    )
    action_label = models.CharField(_("action button text"), max_length=100)
    display_order = models.PositiveIntegerField(_("display order"), default=100)

    class Meta:
        verbose_name = _("reporting option")
        verbose_name_plural = _("reporting options")
        ordering = ["display_order", "pk"]

    def __str__(self):
        return self.title


class Definition(models.Model):
    section = models.CharField(
        _("section"), max_length=60, blank=True, help_text=_("Policy section, e.g. II (7) E (1).")
    )
    slug = models.SlugField(
        _("anchor"),
        max_length=80,
        unique=True,
        help_text=_("The #anchor other pages link to (e.g. the report form's categories). Keep it stable."),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(
        _("text"), help_text=_("Paragraphs separated by an empty line; lines starting with '- ' become a list.")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    display_order = models.PositiveIntegerField(_("display order"), default=100)

    class Meta:
        verbose_name = _("definition")
        verbose_name_plural = _("definitions")
        ordering = ["display_order", "pk"]

    def __str__(self):
        return f"{self.section} {self.title}".strip()

    def get_absolute_url(self):
        return reverse("resources:definitions") + f"#{self.slug}"


class Right(models.Model):
    text = models.TextField(_("text"))
    source = models.CharField(_("source"), max_length=200, blank=True)
    display_order = models.PositiveIntegerField(_("display order"), default=100)

    class Meta:
        verbose_name = _("right")
        verbose_name_plural = _("rights")
        ordering = ["display_order", "pk"]

    def __str__(self):
        return self.text[:80]


class TrainingRequirement(models.Model):
    title = models.CharField(_("title"), max_length=200)
    who_must_complete = models.TextField(_("who must complete it"))
    text = models.TextField(
        _("text"), help_text=_("Paragraphs separated by an empty line; lines starting with '- ' become a list.")
    )
    policy_reference = models.CharField(_("policy reference"), max_length=200, blank=True)
    announced_on = models.DateField(_("announced on"), null=True, blank=True)
    announced_by = models.TextField(_("announced by"), blank=True)
    display_order = models.PositiveIntegerField(_("display order"), default=100)

    class Meta:
        verbose_name = _("training requirement")
        verbose_name_plural = _("training requirements")
        ordering = ["display_order", "pk"]

    def __str__(self):
        return self.title


class TrainingMaterialStorage(FileSystemStorage):
    """Training materials on the portal's own disk (PRIVATE_MEDIA_ROOT/training-materials),
    read when used so a changed setting (tests) applies. Public files, not encrypted: the
    portal serves them itself (resources.views.training_material), never from another site."""

    @property
    def base_location(self):
        return os.path.join(settings.PRIVATE_MEDIA_ROOT, "training-materials")

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def training_material_storage():
    return TrainingMaterialStorage()


def validate_pdf(upload):
    """A PDF: the .pdf name and the file's own signature (%PDF-)."""
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError(_("Upload the training material as a PDF file."))
    if upload.size > TrainingMaterial.MAX_BYTES:
        raise ValidationError(_("The file is larger than 50 MB."))


class TrainingMaterial(models.Model):
    """Materials used to train the Title IX coordinator, investigators, decision-makers and
    informal-resolution facilitators: 34 CFR 106.45(b)(10)(i)(D) asks that they be kept
    (seven years) and made public on the website. Listed on /training/ with a download link;
    never deleted in the admin (the record must be kept)."""

    class Audience(models.TextChoices):
        COORDINATORS = "coordinators", _("Title IX coordinators")
        INVESTIGATORS = "investigators", _("Investigators")
        DECISION_MAKERS = "decision_makers", _("Decision-makers")
        FACILITATORS = "facilitators", _("Informal-resolution facilitators")

    MAX_BYTES = 50 * 1024 * 1024

    title = models.CharField(_("title"), max_length=200)
    audiences = ArrayField(
        models.CharField(max_length=20, choices=Audience.choices),
        verbose_name=_("audience"),
        help_text=_("Who was trained with it."),
    )
    file = models.FileField(
        _("file (PDF)"),
        upload_to="%Y/",
        storage=training_material_storage,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf],
    )
    material_date = models.DateField(_("date"), help_text=_("When the material was used or issued."))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("training material")
        verbose_name_plural = _("training materials")
        # The public list: newest first.
        ordering = ["-material_date", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("resources:training_material", kwargs={"pk": self.pk})

    def get_audiences_display(self) -> list[str]:
        labels = dict(self.Audience.choices)
        return [str(labels.get(a, a)) for a in self.audiences]
