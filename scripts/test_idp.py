#!/usr/bin/env python3
"""`make run-sso`: the test identity provider (the tests' pysaml2 IdP) next to the portal.

  scripts/test_idp.py env     print the IDHR_SAML_* variables (shell `export` lines) that point
                              the portal at it; makes the portal's SAML key pair once
  scripts/test_idp.py serve   run the IdP on 127.0.0.1:$IDHR_TEST_IDP_PORT (58900) until stopped

Its users (password "demo-sso-password") and their directory groups are below. For
local development only: never point a production portal at it.
"""
import os
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LOCAL = Path(os.environ.get("IDHR_LOCAL_DIR", ROOT / ".local"))
SAML_DIR = LOCAL / "saml"
PORT = int(os.environ.get("IDHR_TEST_IDP_PORT", "58900"))
PASSWORD = "demo-sso-password"  # noqa: S105 (the local test IdP's demo password)

GROUPS = {
    "IDHR_SAML_ROLE_COORDINATOR": "urn:mace:example.edu:groups:idhr:coordinators",
    "IDHR_SAML_ROLE_CASE_MANAGER": "urn:mace:example.edu:groups:idhr:case-managers",
    "IDHR_SAML_ROLE_INVESTIGATOR": "urn:mace:example.edu:groups:idhr:investigators",
    "IDHR_SAML_ROLE_BIAS_RESPONSE_TEAM": "urn:mace:example.edu:groups:idhr:bias-response-team",
    "IDHR_SAML_ROLE_RESPONSIBLE_EMPLOYEE": "urn:mace:example.edu:groups:responsible-employees",
}
USERS = {
    "sso-coordinator": ("IDHR_SAML_ROLE_COORDINATOR", "Casey", "Coordinator", True),
    "sso-case-manager": ("IDHR_SAML_ROLE_CASE_MANAGER", "Morgan", "Manager", True),
    "sso-investigator": ("IDHR_SAML_ROLE_INVESTIGATOR", "Ivy", "Investigator", True),
    "sso-brt": ("IDHR_SAML_ROLE_BIAS_RESPONSE_TEAM", "Blake", "Team", True),
    "sso-responsible-employee": ("IDHR_SAML_ROLE_RESPONSIBLE_EMPLOYEE", "Riley", "Employee", False),
    "sso-no-mfa-investigator": ("IDHR_SAML_ROLE_INVESTIGATOR", "Pat", "Nomfa", False),
    "sso-nobody": (None, "Nora", "Nobody", True),
}


def portal_env() -> dict:
    from idhr_portal.testing.saml_idp import make_key_and_cert

    key, cert = SAML_DIR / "sp.key", SAML_DIR / "sp.crt"
    if not (key.exists() and cert.exists()):
        key, cert = make_key_and_cert(SAML_DIR, "sp")
    return {
        "IDHR_SAML_IDP_METADATA": str(SAML_DIR / "test-idp-metadata.xml"),
        "IDHR_SAML_KEY_FILE": str(key),
        "IDHR_SAML_CERT_FILE": str(cert),
        **GROUPS,
    }


def serve() -> None:
    os.environ.update(portal_env())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "idhr_portal.settings.local")
    import django

    django.setup()
    from saml2.metadata import entity_descriptor

    from idhr_portal.sso.config import sp_config
    from idhr_portal.testing.saml_idp import TestIdP

    users = {
        name: {
            "password": PASSWORD, "groups": [GROUPS[role]] if role else ["urn:mace:example.edu:groups:library-staff"],
            "givenName": given, "sn": family, "mfa": mfa,
        }
        for name, (role, given, family, mfa) in USERS.items()
    }
    idp = TestIdP(directory=SAML_DIR, users=users, port=PORT)  # rewrites test-idp-metadata.xml
    idp.trust_sp(str(entity_descriptor(sp_config())))
    idp.start()
    print(f"Test identity provider: {idp.url}/idp/metadata  (password for every user: {PASSWORD})")
    for name, (role, *_rest) in USERS.items():
        print(f"  {name:26} {GROUPS.get(role, 'no IDHR group') if role else 'no IDHR group'}")
    threading.Event().wait()


def main(argv) -> int:
    if argv[1:] == ["env"]:
        for name, value in portal_env().items():
            print(f"export {name}='{value}'")
        return 0
    if argv[1:] == ["serve"]:
        serve()
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
