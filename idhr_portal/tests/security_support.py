"""Helpers shared by the test_security_* files."""
import re
import time
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "a long test passphrase 42"  # noqa: S105 (test credential)

SAMPLE_VALUES = {
    "int": ["1"],
    "str": ["1", "x"],
    "slug": ["x"],
    "path": ["1"],
    "uuid": [str(uuid.UUID(int=1))],
}


def make_user(username: str, *, staff: bool = True, superuser: bool = False, group: str | None = None):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, is_staff=staff, is_superuser=superuser
    )
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def add_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def code_for(device, *, offset_steps: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in_verified(client, user, device) -> None:
    """As if the account had passed both steps (password and a code from `device`)."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            child_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), child_ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def _candidate_kwargs(pattern: URLPattern) -> list[dict]:
    if isinstance(pattern.pattern, RegexPattern):
        regex = pattern.pattern.regex
        kwargs = {}
        for name in regex.groupindex:
            # admin's app_list: (?P<app_label>auth|cases|...) -> take the first label
            found = re.search(rf"\(\?P<{name}>([\w|]+)\)", regex.pattern)
            kwargs[name] = found.group(1).split("|")[0] if found else "1"
        return [kwargs]
    converters = pattern.pattern.converters
    if not converters:
        return [{}]
    options = [{}]
    for name, converter in converters.items():
        values = SAMPLE_VALUES.get(type(converter).__name__.replace("Converter", "").lower(), ["1", "x"])
        options = [{**o, name: v} for o in options for v in values]
    return options


def url_paths(prefix_filter: str | None = None) -> list[tuple[str, str]]:
    """(view name, a concrete path) for every named URL pattern of the project."""
    found = {}
    for view_name, pattern in _walk(get_resolver().url_patterns):
        for kwargs in _candidate_kwargs(pattern):
            try:
                path = reverse(view_name, kwargs=kwargs)
            except NoReverseMatch:
                continue
            found.setdefault(path, view_name)
            break
    pairs = sorted((name, path) for path, name in found.items())
    if prefix_filter:
        pairs = [(n, p) for n, p in pairs if p.startswith(prefix_filter)]
    return pairs
