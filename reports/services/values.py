"""Value objects: what a view hands to a service (plain data: no database row, no request)."""

from dataclasses import asdict, dataclass, field
from datetime import date

from ..models import Affiliation, Report


@dataclass(frozen=True)
class Contact:
    name: str = ""
    email: str = ""
    phone: str = ""
    affiliation: str = ""


@dataclass(frozen=True)
class Party:
    name: str = ""
    email: str = ""
    affiliation: str = Affiliation.UNKNOWN
    details: str = ""

    def is_blank(self) -> bool:
        return not (self.name.strip() or self.email.strip() or self.details.strip())


@dataclass(frozen=True)
class IncidentDetails:
    narrative: str
    categories: list[str] = field(default_factory=list)
    protected_bases: list[str] = field(default_factory=list)
    date_precision: str = Report.DatePrecision.UNKNOWN
    incident_date: date | None = None
    date_text: str = ""
    location_type: str = Report.Location.UNKNOWN
    location_detail: str = ""
    police_contacted: str = ""
    respondents: list[Party] = field(default_factory=list)
    witnesses: list[Party] = field(default_factory=list)


@dataclass(frozen=True)
class StagedFile:
    """An upload kept encrypted in the staging folder until the report is submitted."""

    id: str
    stored_name: str
    filename: str
    content_type: str
    size: int


def staged_file_to_dict(item: StagedFile) -> dict:
    return asdict(item)
