import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from idhr_portal.testing.cache import run_cache_clear

FIXTURES = sorted(str(p) for p in (settings.BASE_DIR / "fixtures").glob("*.json"))


@pytest.fixture
def seeded(db):
    """The office's documents as `make run` loads them: every fixtures/*.json."""
    call_command("loaddata", *FIXTURES, verbosity=0)
    run_cache_clear()


@pytest.fixture
def staff_client(client):
    """A logged-in superuser: what IDHR staff who edit the help pages can do."""
    user = get_user_model().objects.create_superuser("editor", "editor@idhr.invalid", "a-long-test-password")
    client.force_login(user)
    return client
