"""From checked steps to the services' value objects."""

from ..models import Report
from ..services import Contact, IncidentDetails, Party


def incident_details(what: dict, respondents: list[Party], witnesses: list[Party]) -> IncidentDetails:
    precision = what.get("date_precision") or Report.DatePrecision.UNKNOWN
    incident_date = None
    if precision == Report.DatePrecision.EXACT:
        incident_date = what.get("incident_date")
    elif precision == Report.DatePrecision.MONTH:
        incident_date = what.get("incident_month")
    return IncidentDetails(
        narrative=what.get("narrative", ""),
        categories=list(what.get("categories") or []),
        protected_bases=list(what.get("protected_bases") or []),
        date_precision=precision,
        incident_date=incident_date,
        date_text=what.get("date_text", "") if precision == Report.DatePrecision.RANGE else "",
        location_type=what.get("location_type") or Report.Location.UNKNOWN,
        location_detail=what.get("location_detail", ""),
        police_contacted=what.get("police_contacted", ""),
        respondents=respondents,
        witnesses=witnesses,
    )


def contact(data: dict, prefix: str = "") -> Contact:
    return Contact(
        name=data.get(f"{prefix}name", ""),
        email=data.get(f"{prefix}email", ""),
        phone=data.get(f"{prefix}phone", ""),
        affiliation=data.get(f"{prefix}affiliation", ""),
    )
