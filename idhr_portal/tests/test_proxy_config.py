"""The deployment guide's nginx configuration, run for real in front of gunicorn as the
Procfile starts it (idhr_portal/gunicorn_conf.py).

- Every response carries the security headers: the portal's pages, nginx's own error
  pages (414 URL too long) and the 502 when gunicorn is down.
- gunicorn's request limits are above nginx's, so nginx is the one that refuses.
- Neither nginx nor gunicorn logs a request to a public page; staff paths are logged
  without address or query string.
"""
import os
import re
import shlex
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings

from idhr_portal.testing.requires import missing_part

pytestmark = pytest.mark.integration

ROOT = Path(settings.BASE_DIR)
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

# What every response must carry (docs/deployment.md, idhr_portal/middleware.py).
SECURITY_HEADERS = (
    "content-security-policy",
    "strict-transport-security",
    "x-content-type-options",
    "referrer-policy",
    "permissions-policy",
    "cross-origin-opener-policy",
    "cross-origin-resource-policy",
    "x-frame-options",
    "cache-control",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_port(port: int, seconds: float = 30) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port}")


def raw_request(port: int, request: bytes) -> tuple[int, dict, bytes]:
    """Send bytes, read the whole answer (Connection: close): status, headers, body."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers: dict = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    return int(lines[0].split()[1]), headers, body


def get(port: int, path: str, extra: str = "") -> tuple[int, dict, bytes]:
    return raw_request(
        port, f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}Connection: close\r\n\r\n".encode()
    )


def nginx_config_from_the_guide(tmp: Path, port: int, upstream_port: int) -> str:
    guide = (ROOT / "docs" / "deployment.md").read_text()
    block = re.search(r"```nginx\n(.*?)```", guide[guide.index("## Reverse proxy") :], re.S).group(1)
    block = re.sub(r"server \d+\.\d+\.\d+\.\d+:8000;", f"server 127.0.0.1:{upstream_port};", block)
    block = block.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{port};")
    block = block.replace("listen 80;", f"listen 127.0.0.1:{free_port()};")
    block = re.sub(r"\n\s*ssl_[a-z_]+ [^;]*;", "", block)
    block = block.replace("/var/log/nginx/", f"{tmp}/")
    return (
        f"user root;\nworker_processes 1;\npid {tmp}/nginx.pid;\nerror_log {tmp}/main-error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{\n client_body_temp_path {tmp}/body;\n proxy_temp_path {tmp}/proxy;\n"
        f" fastcgi_temp_path {tmp}/fcgi;\n uwsgi_temp_path {tmp}/uwsgi;\n scgi_temp_path {tmp}/scgi;\n"
        f"{block}\n}}\n"
    )


def gunicorn_command_from_the_procfile(port: int) -> list[str]:
    line = next(x for x in (ROOT / "Procfile").read_text().splitlines() if x.startswith("web:"))
    args = shlex.split(line.split(":", 1)[1])
    while args and "=" in args[0] and not args[0].startswith("-"):
        args.pop(0)  # IDHR_DB_ROLE=runtime: the test's gunicorn uses the test database's own connection
    args[args.index("--bind") + 1] = f"127.0.0.1:{port}"
    args[args.index("--access-logfile") + 1] = "-"
    return [str(ROOT / args[0]), *args[1:]]


@pytest.fixture
def stack(tmp_path, transactional_db):
    if not Path(NGINX).exists():
        missing_part("nginx is not installed (apt-get install nginx)")
    from django.db import connection

    gport, nport = free_port(), free_port()
    gunicorn_log = tmp_path / "gunicorn.log"
    db = connection.settings_dict
    name = connection.creation._get_test_db_name()  # the test database, migrated by pytest-django
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "idhr_portal.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{name}",
    }
    with gunicorn_log.open("wb") as out:
        gunicorn = subprocess.Popen(  # noqa: S603 (our own command line)
            gunicorn_command_from_the_procfile(gport), cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    (tmp_path / "nginx.conf").write_text(nginx_config_from_the_guide(tmp_path, nport, gport))
    nginx = subprocess.Popen(  # noqa: S603
        [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_port(gport)
        wait_port(nport)
        yield {"port": nport, "gunicorn": gunicorn, "gunicorn_log": gunicorn_log, "nginx_log": tmp_path / "idhr.log"}
    finally:
        for proc in (nginx, gunicorn):
            if proc.poll() is None:
                proc.terminate()
                proc.wait(20)


def assert_all_security_headers(headers: dict, what: str) -> None:
    missing = [name for name in SECURITY_HEADERS if name not in headers]
    assert not missing, f"{what}: no {', '.join(missing)}"
    doubled = [name for name in SECURITY_HEADERS if len(headers[name]) > 1]
    assert not doubled, f"{what}: sent twice: {', '.join(doubled)}"


def test_every_answer_through_the_proxy_carries_the_security_headers(stack):
    port = stack["port"]

    status, headers, _ = get(port, "/report/")
    assert status == 200
    assert_all_security_headers(headers, "a report page")
    assert headers["x-frame-options"] == ["DENY"]
    assert "no-store" in headers["cache-control"][0]

    # Over nginx's 8 KB request line: nginx answers 414 itself.
    status, headers, _ = get(port, "/resources/" + "a" * 9000 + "/")
    assert status == 414
    assert_all_security_headers(headers, "nginx's 414")

    # Just under nginx's limits: gunicorn must let it through to the portal (its defaults,
    # 4094 characters per line and 100 headers, answered 414/400 with no header at all).
    status, headers, _ = get(port, "/resources/" + "a" * 8000 + "/")
    assert status == 404
    assert_all_security_headers(headers, "a long URL")
    many = "".join(f"X-Extra-{i}: {i}\r\n" for i in range(300))
    status, headers, _ = get(port, "/resources/", many)
    assert status == 200
    assert_all_security_headers(headers, "a request with 300 headers")
    status, headers, _ = get(port, "/resources/", f"X-Big: {'b' * 7000}\r\n")
    assert status == 200

    # gunicorn gone: nginx's 502 page.
    stack["gunicorn"].terminate()
    stack["gunicorn"].wait(20)
    status, headers, _ = get(port, "/report/")
    assert status == 502
    assert_all_security_headers(headers, "nginx's 502")
    assert headers["cache-control"] == ["no-store"]
    assert headers["x-frame-options"] == ["DENY"]


def test_public_pages_leave_no_line_in_the_proxy_or_gunicorn_access_log(stack):
    port = stack["port"]
    for path in ("/report/", "/follow-up/", "/complaint/", "/", "/resources/"):
        get(port, path)
    get(port, "/admin/login/?next=/admin/secret-query")
    time.sleep(0.5)  # nginx writes its access log line as the answer completes

    nginx_log = stack["nginx_log"].read_text()
    assert nginx_log.count("\n") == 1
    assert '"GET /admin/login/"' in nginx_log
    assert "secret-query" not in nginx_log

    stack["gunicorn"].terminate()
    stack["gunicorn"].wait(20)
    gunicorn_log = stack["gunicorn_log"].read_text()
    access_lines = [line for line in gunicorn_log.splitlines() if '"GET ' in line]
    assert len(access_lines) == 1, access_lines
    assert '"GET /admin/login/"' in access_lines[0]
    assert "127.0.0.1" not in access_lines[0]
