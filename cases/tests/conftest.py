import pytest

from cases.permissions import role_groups_sync

from . import factories


@pytest.fixture
def groups(db):
    """The staff groups with their model permissions (flushed by transactional tests)."""
    role_groups_sync()


@pytest.fixture
def coordinator(groups):
    return factories.coordinator(username="coord")


@pytest.fixture
def manager(groups):
    return factories.case_manager(username="manager")


@pytest.fixture
def other_manager(groups):
    return factories.case_manager(username="manager2")


@pytest.fixture
def investigator(groups):
    return factories.investigator(username="invest")


@pytest.fixture
def brt(groups):
    return factories.brt_member(username="brt")


@pytest.fixture
def case(manager, investigator):
    return factories.CaseFactory(case_manager=manager, investigator=investigator)


@pytest.fixture(autouse=True)
def _fresh_portal_password_client_buckets():
    """Per-client password buckets of the party portal live in this process's memory:
    start every test empty, made again from the (possibly overridden) settings."""
    from cases.services import portal_account

    portal_account._client_buckets = None
    yield
    portal_account._client_buckets = None
