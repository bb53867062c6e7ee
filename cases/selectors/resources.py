"""The directory's resources a supportive measure's written notice lists."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

# Which directory categories a measure's written notice lists.
NOTICE_CATEGORIES = ("reporting", "advocacy", "health", "advice", "peer", "work")


def resources_for_party(*, affiliation: str, limit: int = 12) -> list:
    """Resources from the directory relevant to a party, or [] when there is no directory.

    Students get the student resources, employees the employee ones, everyone else
    the resources for everyone. Uses the resources app's own selector so its
    audience rules stay in one place.
    """
    try:
        from resources.models import Audience
        from resources.selectors import ResourceFilters, resource_list
    except ImportError:  # the directory is not installed: the notice says to ask IDHR
        return []
    audience = {
        "student": Audience.STUDENTS,
        "employee": Audience.EMPLOYEES,
    }.get(affiliation, Audience.EVERYONE)
    try:
        queryset = resource_list(filters=ResourceFilters(audience=audience))
        return [r for r in queryset if r.category in NOTICE_CATEGORIES][:limit]
    except Exception:
        logger.exception("resource directory unavailable for a supportive-measure notice")
        return []
