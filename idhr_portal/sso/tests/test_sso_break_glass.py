"""Issue 19: with single sign-on on, the coordinator's dashboard lists the local (break-glass) accounts."""
import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client):
    user = get_user_model().objects.create_user(username="sso-coordinator@example.edu", is_staff=True)
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get_or_create(name="Title IX coordinator")[0])
    client.force_login(user)
    return user


@pytest.fixture
def break_glass():
    user = get_user_model().objects.create_user(
        username="breakglass-1", password="a long local passphrase 42", is_staff=True, is_superuser=True
    )
    user.last_login = timezone.make_aware(datetime.datetime(2026, 11, 2, 9, 30))
    user.save()
    TOTPDevice.objects.create(
        user=user, name="phone", confirmed=True,
        last_used_at=timezone.make_aware(datetime.datetime(2026, 11, 2, 9, 31)),
    )
    return user


def test_the_coordinator_sees_each_break_glass_account_with_its_last_use(client, settings, coordinator, break_glass):
    settings.IDHR_SAML_IDP_METADATA = "/etc/idhr/idp-metadata.xml"
    get_user_model().objects.create_user(username="unused-local", password="another long passphrase 7", is_staff=True)

    page = client.get("/admin/").content.decode()

    section = page.split('id="break-glass-accounts"', 1)[1].split("</section>", 1)[0]
    assert "breakglass-1" in section and "unused-local" in section
    assert "Nov. 2, 2026, 9:30 a.m." in section  # last sign-in
    assert "Nov. 2, 2026, 9:31 a.m." in section  # authenticator last used
    assert "no authenticator set up" in section  # unused-local has none
    assert "sso-coordinator@example.edu" not in section  # from the directory: not break-glass


def test_no_break_glass_list_while_single_sign_on_is_off(client, settings, coordinator, break_glass):
    settings.IDHR_SAML_IDP_METADATA = ""
    assert 'id="break-glass-accounts"' not in client.get("/admin/").content.decode()


def test_only_the_coordinator_sees_the_list(client, settings, break_glass):
    settings.IDHR_SAML_IDP_METADATA = "/etc/idhr/idp-metadata.xml"
    investigator = get_user_model().objects.create_user(username="inv@example.edu", is_staff=True)
    investigator.groups.add(Group.objects.get_or_create(name="Investigator")[0])
    client.force_login(investigator)
    assert 'id="break-glass-accounts"' not in client.get("/admin/").content.decode()


def test_the_list_shows_each_passkey_of_a_break_glass_account_with_its_last_use(
    client, settings, coordinator, break_glass
):
    settings.IDHR_SAML_IDP_METADATA = "/etc/idhr/idp-metadata.xml"
    get_user_model().objects.create_user(username="unused-local", password="another long passphrase 7", is_staff=True)
    WebAuthnCredential.objects.create(
        user=break_glass, name="Passkey 1", confirmed=True, credential_id=b"\x01" * 16, public_key=b"\x02" * 32,
        last_used_at=timezone.make_aware(datetime.datetime(2026, 11, 20, 14, 5)),
    )
    WebAuthnCredential.objects.create(
        user=break_glass, name="Passkey 2", confirmed=True, credential_id=b"\x03" * 16, public_key=b"\x04" * 32,
    )

    page = client.get("/admin/").content.decode()

    section = page.split('id="break-glass-accounts"', 1)[1].split("</section>", 1)[0]
    row = section.split("breakglass-1", 1)[1].split("</tr>", 1)[0]
    assert "Passkey 1 (Nov. 20, 2026, 2:05 p.m.)" in row
    assert "Passkey 2 (never)" in row
    assert "no passkey" in section.split("unused-local", 1)[1].split("</tr>", 1)[0]
