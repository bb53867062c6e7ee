"""Issue 19: `check --deploy --fail-level WARNING` is clean with single sign-on configured."""
import pytest

from idhr_portal.testing.saml_idp import TestIdP, make_key_and_cert
from idhr_portal.tests.test_security_deploy import manage, production_env


@pytest.fixture
def sso_env(tmp_path):
    key, cert = make_key_and_cert(tmp_path / "sp", "sp")
    idp = TestIdP(directory=tmp_path / "idp", users={})
    idp.stop()  # only its metadata file is needed
    return {
        "IDHR_SAML_IDP_METADATA": str(idp.metadata_file),
        "IDHR_SAML_KEY_FILE": str(key),
        "IDHR_SAML_CERT_FILE": str(cert),
        "IDHR_SAML_ROLE_COORDINATOR": "urn:mace:example.edu:groups:idhr:coordinators",
        "IDHR_SAML_ROLE_RESPONSIBLE_EMPLOYEE": "urn:mace:example.edu:groups:responsible-employees",
    }


def test_check_deploy_is_clean_with_single_sign_on_configured(sso_env):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(**sso_env))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_check_deploy_fails_when_the_signing_key_is_missing(sso_env, tmp_path):
    env = production_env(**{**sso_env, "IDHR_SAML_KEY_FILE": str(tmp_path / "nowhere.key")})
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "idhr.E101" in result.stderr + result.stdout


def test_check_deploy_warns_when_staff_may_sign_in_without_multi_factor(sso_env):
    env = production_env(**{**sso_env, "IDHR_SAML_REQUIRE_MFA": "false"})
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "idhr.W102" in result.stderr + result.stdout
