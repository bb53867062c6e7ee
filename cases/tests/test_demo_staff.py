"""`create_demo_staff` keeps the demo passwords with the services it was run against."""
import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def checkout_password_file():
    """The checkout's own `.local/demo-accounts.txt`, restored as it was afterwards."""
    path = django_settings.BASE_DIR / ".local" / "demo-accounts.txt"
    before = path.read_bytes() if path.exists() else None
    yield path
    if before is None:
        path.unlink(missing_ok=True)
    else:
        path.write_bytes(before)


def test_demo_passwords_go_to_the_separate_services_folder(
    settings, monkeypatch, tmp_path, checkout_password_file
):
    settings.DEBUG = True
    local = tmp_path / "other-services"
    monkeypatch.setenv("IDHR_LOCAL_DIR", str(local))
    before = checkout_password_file.read_bytes() if checkout_password_file.exists() else None

    call_command("create_demo_staff", stdout=open("/dev/null", "w"))  # noqa: SIM115

    saved = (local / "demo-accounts.txt").read_text().split()
    assert saved[0] == "coordinator"
    assert get_user_model().objects.get(username="coordinator").check_password(saved[1])
    assert (local / "demo-accounts.txt").stat().st_mode & 0o777 == 0o600
    after = checkout_password_file.read_bytes() if checkout_password_file.exists() else None
    assert after == before, "the checkout's .local/ was written although IDHR_LOCAL_DIR was set"


def test_demo_data_is_made_with_debug_off_but_never_with_the_production_settings(settings, monkeypatch, tmp_path):
    from django.core.management.base import CommandError

    monkeypatch.setenv("IDHR_LOCAL_DIR", str(tmp_path))
    settings.DEBUG = False  # `make run` runs production-like
    call_command("create_demo_staff", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (tmp_path / "demo-accounts.txt").exists()

    settings.SETTINGS_MODULE = "idhr_portal.settings.production"
    with pytest.raises(CommandError):
        call_command("create_demo_staff", stdout=open("/dev/null", "w"))  # noqa: SIM115
    with pytest.raises(CommandError):
        call_command("create_demo_cases", stdout=open("/dev/null", "w"))  # noqa: SIM115
