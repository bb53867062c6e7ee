"""A real SAML 2.0 identity provider for the tests and `make run-sso`: pysaml2's IdP server.

`saml2.server.Server` behind a small WSGI app on 127.0.0.1 (a thread), with its own key
and certificate made at start-up, its users and their directory groups in a dict, and
a plain HTML sign-in page (username and password). Everything it sends is really
signed (xmlsec1), and it checks the signature of the portal's AuthnRequests.

It can also answer badly, for the refusal tests: `idp.fault` set to one of FAULTS makes
the next response lack the MFA context, carry a broken signature, be expired, or be
for another audience; `/replay` posts the last response to the portal a second time.

Never used in production: the portal imports it only from tests and scripts/test_idp.
"""
import base64
import datetime
import html
import secrets
import threading
from pathlib import Path
from socketserver import ThreadingMixIn
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import saml2
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2.assertion import Policy
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server
from saml2.time_util import in_a_while

REFEDS_MFA = "https://refeds.org/profile/mfa"
PASSWORD_CONTEXT = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"  # noqa: S105
FAULTS = ("no_mfa", "bad_signature", "expired", "wrong_audience")
OTHER_AUDIENCE = "https://another-service.example.edu/shibboleth"


def make_key_and_cert(directory: Path, name: str) -> tuple[Path, Path]:
    """A fresh RSA key and self-signed certificate (PEM files), as SAML metadata uses them."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    directory.mkdir(parents=True, exist_ok=True)
    key_path, cert_path = directory / f"{name}.key", directory / f"{name}.crt"
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    key_path.chmod(0o600)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


class _AudiencePolicy(Policy):
    """A release policy whose assertions name another service as their audience."""

    def conditions(self, sp_entity_id):
        return super().conditions(OTHER_AUDIENCE)


class _ExpiredPolicy(Policy):
    """A release policy whose assertions were valid from 35 to 30 minutes ago."""

    def conditions(self, sp_entity_id):
        conditions = super().conditions(sp_entity_id)
        conditions.not_before = in_a_while(minutes=-35)
        return conditions


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):  # no access log
        pass


class TestIdP:
    """users: {username: {"password": ..., "groups": [...], "mail": ..., "givenName": ..., "sn": ...,
    "mfa": True}} (mfa False: the IdP signs this person in with a password only)."""

    __test__ = False  # not a pytest test class

    def __init__(
        self, *, directory: Path, users: dict, port: int = 0, scope: str = "example.edu", host_name: str = "127.0.0.1"
    ):
        self.directory = Path(directory)
        self.users = users
        self.scope = scope
        self.fault = None
        self.encrypt_assertions = False  # True: to the encryption certificate in the portal's metadata
        self.last_post = None  # (acs_url, SAMLResponse, RelayState) of the last answer
        self.requests_seen = []  # AuthnRequests received (their RequestedAuthnContext refs)
        self.logouts = []  # the NameIDs of the signed LogoutRequests received (single logout)
        self._pending = {}
        self._httpd = make_server(
            "127.0.0.1", port, self._app, server_class=_ThreadingServer, handler_class=_QuietHandler
        )
        self.url = f"http://{host_name}:{self._httpd.server_port}"
        self.entity_id = f"{self.url}/idp/metadata"
        self.key_file, self.cert_file = make_key_and_cert(self.directory, "test-idp")
        self.metadata_file = self.directory / "test-idp-metadata.xml"
        self.server = self._make_server(sp_metadata=None)
        self.metadata_file.write_text(str(entity_descriptor(self.server.config)))
        self._thread = None

    # --- set-up --------------------------------------------------------------------
    def _config(self, sp_metadata):
        conf = {
            "entityid": self.entity_id,
            "xmlsec_binary": "/usr/bin/xmlsec1",
            "service": {
                "idp": {
                    "name": "IDHR test identity provider",
                    "endpoints": {
                        "single_sign_on_service": [(f"{self.url}/idp/sso", saml2.BINDING_HTTP_REDIRECT)],
                        "single_logout_service": [(f"{self.url}/idp/slo", saml2.BINDING_HTTP_REDIRECT)],
                    },
                    "want_authn_requests_signed": True,
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    "policy": {
                        "default": {
                            "lifetime": {"minutes": 5}, "attribute_restrictions": None, "name_form": NAME_FORMAT_URI
                        }
                    },
                },
            },
            "key_file": str(self.key_file),
            "cert_file": str(self.cert_file),
        }
        if sp_metadata:
            conf["metadata"] = {"inline": [sp_metadata]}
        return conf

    def _make_server(self, sp_metadata):
        config = IdPConfig()
        config.load(self._config(sp_metadata))
        return Server(config=config)

    def trust_sp(self, sp_metadata: str) -> None:
        """Load the portal's metadata (XML text): its ACS, logout endpoint and certificate."""
        self.server = self._make_server(sp_metadata)

    def start(self):
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="saml-test-idp", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread = None
        self._httpd.server_close()

    # --- the WSGI app --------------------------------------------------------------
    def _app(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        try:
            if path == "/idp/metadata":
                return self._reply(start_response, self.metadata_file.read_text(), "application/samlmetadata+xml")
            if path == "/idp/sso":
                return self._sso(start_response, query)
            if path == "/idp/login" and environ["REQUEST_METHOD"] == "POST":
                size = int(environ.get("CONTENT_LENGTH") or 0)
                form = {k: v[0] for k, v in parse_qs(environ["wsgi.input"].read(size).decode()).items()}
                return self._login(start_response, form)
            if path == "/idp/replay" and self.last_post:
                return self._reply(start_response, self._post_form(*self.last_post))
            if path == "/idp/slo":
                return self._slo(start_response, query)
        except Exception as exc:  # a refusal by the IdP itself: show it, as a real IdP would
            page = _page("Error", f"<p id='idp-error'>{html.escape(str(exc))}</p>")
            return self._reply(start_response, page, status="400 Bad Request")
        return self._reply(start_response, _page("Not found", "<p>Not found</p>"), status="404 Not Found")

    @staticmethod
    def _reply(start_response, body, content_type="text/html; charset=utf-8", status="200 OK", headers=()):
        data = body.encode()
        start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(data))), *headers])
        return [data]

    def _sso(self, start_response, query):
        # Checks the Redirect-binding signature of the request (want_authn_requests_signed).
        request = self.server.parse_authn_request(
            query["SAMLRequest"], saml2.BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"), sigalg=query.get("SigAlg"), signature=query.get("Signature"),
        )
        if request is None or not query.get("Signature"):
            raise ValueError("Unsigned AuthnRequest refused")
        message = request.message
        requested = []
        if message.requested_authn_context is not None:
            requested = [ref.text for ref in message.requested_authn_context.authn_context_class_ref]
        self.requests_seen.append(requested)
        token = secrets.token_urlsafe(16)
        self._pending[token] = (message, query.get("RelayState", ""), requested)
        body = (
            "<h1>Example University sign-in</h1>"
            f"<form method='post' action='{self.url}/idp/login'>"
            f"<input type='hidden' name='token' value='{token}'>"
            "<p><label for='username'>Username</label> "
            "<input id='username' name='username' autocomplete='username'></p>"
            "<p><label for='password'>Password</label> <input id='password' name='password' type='password'></p>"
            "<p><button type='submit'>Sign in</button></p></form>"
        )
        return self._reply(start_response, _page("Example University sign-in", body))

    def _login(self, start_response, form):
        message, relay_state, requested = self._pending.pop(form.get("token", ""), (None, "", []))
        user = self.users.get(form.get("username", ""))
        if message is None or user is None or not secrets.compare_digest(user["password"], form.get("password", "")):
            page = _page("Sign-in failed", "<p id='idp-error'>Wrong username or password.</p>")
            return self._reply(start_response, page, status="401 Unauthorized")
        username = form["username"]
        response = self._response(message, username, user)
        acs = message.assertion_consumer_service_url
        self.last_post = (acs, response, relay_state)
        return self._reply(start_response, self._post_form(acs, response, relay_state))

    def _response(self, message, username, user) -> str:
        fault, self.fault = self.fault, None
        sp_entity_id = message.issuer.text
        mfa = user.get("mfa", True) and fault != "no_mfa"
        identity = {
            "eduPersonPrincipalName": [f"{username}@{self.scope}"],
            "mail": [user.get("mail", f"{username}@{self.scope}")],
            "givenName": [user.get("givenName", username.title())],
            "sn": [user.get("sn", "Example")],
            "isMemberOf": list(user.get("groups", [])),
        }
        lifetime = {"minutes": -30 if fault == "expired" else 5}
        policy_conf = {"default": {"lifetime": lifetime, "attribute_restrictions": None, "name_form": NAME_FORMAT_URI}}
        policy_cls = {"wrong_audience": _AudiencePolicy, "expired": _ExpiredPolicy}.get(fault, Policy)
        name_id = NameID(
            format=NAMEID_FORMAT_PERSISTENT, text=f"pid-{username}",
            name_qualifier=self.entity_id, sp_name_qualifier=sp_entity_id,
        )
        signed = self.server.create_authn_response(
            identity, in_response_to=message.id, destination=message.assertion_consumer_service_url,
            sp_entity_id=sp_entity_id, name_id=name_id,
            authn={"class_ref": REFEDS_MFA if mfa else PASSWORD_CONTEXT, "authn_auth": self.entity_id},
            sign_assertion=True, sign_response=True,
            encrypt_assertion=self.encrypt_assertions, encrypt_assertion_self_contained=True,
            release_policy=policy_cls(policy_conf, self.server.metadata),
        )
        xml = str(signed)
        if fault == "bad_signature":
            # Changed after signing: the name in the signed assertion no longer matches its digest.
            xml = xml.replace(identity["givenName"][0], identity["givenName"][0] + "x", 1)
        return base64.b64encode(xml.encode()).decode()

    @staticmethod
    def _post_form(acs: str, saml_response: str, relay_state: str) -> str:
        body = (
            f"<form method='post' action='{html.escape(acs)}' id='saml-post'>"
            f"<input type='hidden' name='SAMLResponse' value='{saml_response}'>"
            f"<input type='hidden' name='RelayState' value='{html.escape(relay_state)}'>"
            "<noscript><button type='submit'>Continue</button></noscript></form>"
            "<script>document.getElementById('saml-post').submit()</script>"
        )
        return _page("Signing you in", body)

    def _slo(self, start_response, query):
        if "SAMLRequest" not in query:
            return self._reply(start_response, _page("Signed out", "<p>You are signed out.</p>"))
        request = self.server.parse_logout_request(
            query["SAMLRequest"], saml2.BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"), sigalg=query.get("SigAlg"), signature=query.get("Signature"),
        )
        self.logouts.append(request.message.name_id.text)
        response = self.server.create_logout_response(request.message, [saml2.BINDING_HTTP_REDIRECT])
        destination = self.server.metadata.single_logout_service(
            request.message.issuer.text, saml2.BINDING_HTTP_REDIRECT, "spsso"
        )[0]["location"]
        info = self.server.apply_binding(
            saml2.BINDING_HTTP_REDIRECT, str(response), destination, query.get("RelayState", ""), response=True,
            sign=True, sigalg=saml2.xmldsig.SIG_RSA_SHA256,
        )
        location = dict(info["headers"])["Location"]
        return self._reply(start_response, "", status="303 See Other", headers=[("Location", location)])


def _page(title: str, body: str) -> str:
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
        f"<body><main>{body}</main></body></html>"
    )


def sp_login_url(base: str, next_path: str = "/admin/") -> str:
    return f"{base}/saml2/login/?{urlencode({'next': next_path})}"
