import pytest

from idhr_portal import roles
from reports.tests.factories import staff_user


@pytest.fixture
def intake_staff(db):
    """A Title IX coordinator and a case manager, with email addresses."""
    return {
        "coordinator": staff_user(
            roles.TITLE_IX_COORDINATOR, username="coord", email="coordinator@idhr.invalid"
        ),
        "case_manager": staff_user(roles.CASE_MANAGER, username="cm", email="casemanager@idhr.invalid"),
    }
