"""Reads for the public help pages."""
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from .models import (
    Audience,
    Definition,
    Phone,
    ReportingOption,
    Resource,
    Right,
    TrainingMaterial,
    TrainingRequirement,
)

# A person who picks an audience sees what is meant for them and for the wider
# groups they belong to (a graduate student is a student and part of everyone).
AUDIENCE_MATCHES: dict[str, list[str]] = {
    Audience.EVERYONE: [Audience.EVERYONE],
    Audience.STUDENTS: [Audience.STUDENTS, Audience.UNDERGRADUATES, Audience.GRADUATE_STUDENTS, Audience.EVERYONE],
    Audience.UNDERGRADUATES: [Audience.UNDERGRADUATES, Audience.STUDENTS, Audience.EVERYONE],
    Audience.GRADUATE_STUDENTS: [Audience.GRADUATE_STUDENTS, Audience.STUDENTS, Audience.EVERYONE],
    Audience.EMPLOYEES: [Audience.EMPLOYEES, Audience.FACULTY, Audience.EVERYONE],
    Audience.FACULTY: [Audience.FACULTY, Audience.EMPLOYEES, Audience.EVERYONE],
}


@dataclass(frozen=True)
class ResourceFilters:
    """Directory filters, already checked (unknown values are dropped)."""

    confidential_only: bool = False
    audience: str = ""
    available_24_7: bool = False
    category: str = ""

    @property
    def active(self) -> bool:
        return bool(self.confidential_only or self.audience or self.available_24_7 or self.category)

    def cache_key(self) -> str:
        return f"c{int(self.confidential_only)}-a{self.audience}-t{int(self.available_24_7)}-k{self.category}"


def _with_phones(queryset: QuerySet) -> QuerySet:
    return queryset.prefetch_related(Prefetch("phones", queryset=Phone.objects.order_by("display_order", "pk")))


def resource_list(*, filters: ResourceFilters | None = None) -> QuerySet[Resource]:
    filters = filters or ResourceFilters()
    queryset = Resource.objects.all()
    if filters.confidential_only:
        queryset = queryset.filter(is_confidential=True)
    if filters.audience:
        queryset = queryset.filter(audiences__overlap=AUDIENCE_MATCHES[filters.audience])
    if filters.available_24_7:
        queryset = queryset.filter(available_24_7=True)
    if filters.category:
        queryset = queryset.filter(category=filters.category)
    return _with_phones(queryset.order_by("display_order", "name"))


def resource_get(*, slug: str) -> Resource | None:
    return _with_phones(Resource.objects.filter(slug=slug)).first()


def resources_by_slug(*, slugs: list[str]) -> dict[str, Resource]:
    return {r.slug: r for r in _with_phones(Resource.objects.filter(slug__in=slugs))}


def reporting_option_list() -> QuerySet[ReportingOption]:
    return ReportingOption.objects.order_by("display_order", "pk")


def definition_list() -> list[Definition]:
    """Top-level definitions, each with its parts in `children_list`."""
    definitions = list(Definition.objects.order_by("display_order", "pk"))
    by_parent: dict[int | None, list[Definition]] = {}
    for definition in definitions:
        by_parent.setdefault(definition.parent_id, []).append(definition)
    for definition in definitions:
        definition.children_list = by_parent.get(definition.pk, [])
    return by_parent.get(None, [])


def right_list() -> QuerySet[Right]:
    return Right.objects.order_by("display_order", "pk")


def training_requirement_list() -> QuerySet[TrainingRequirement]:
    return TrainingRequirement.objects.order_by("display_order", "pk")


def training_material_list() -> QuerySet[TrainingMaterial]:
    return TrainingMaterial.objects.all()


def training_material_get(*, pk: int) -> TrainingMaterial | None:
    return TrainingMaterial.objects.filter(pk=pk).first()
