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


@pytest.fixture(autouse=True)
def _fresh_follow_up_client_buckets():
    """Per-client follow-up buckets live in this process's memory: start every test empty,
    made again from the (possibly overridden) settings."""
    from reports.services import receipt_codes

    receipt_codes._client_buckets = None
    yield
    receipt_codes._client_buckets = None
